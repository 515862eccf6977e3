import { describe, expect, test } from 'bun:test'
import type { TObject, TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { t } from 'elysia'
import { dropNullOptionals } from './drop-null-optionals.ts'
import * as schemas from './schemas.ts'

const Schema = t.Object({
  name: t.String(),
  note: t.Optional(t.String()),
  items: t.Optional(
    t.Array(t.Object({ id: t.Optional(t.String()), tags: t.Optional(t.Array(t.String())) })),
  ),
  nested: t.Optional(t.Object({ level: t.Optional(t.Number()) }, { additionalProperties: true })),
  free: t.Optional(t.Record(t.String(), t.Unknown())),
  anything: t.Optional(t.Unknown()),
})

describe('dropNullOptionals', () => {
  test('drops null optional fields at every level the schema describes', () => {
    expect(
      dropNullOptionals(Schema, {
        name: 'n',
        note: null,
        items: [{ id: null, tags: null }, { id: 'a' }],
        nested: { level: null, unknown: null, kept: 1 },
      }),
    ).toEqual({ name: 'n', items: [{}, { id: 'a' }], nested: { kept: 1 } })
  })

  test('keeps the null of a required field, for validation to refuse', () => {
    expect(dropNullOptionals(Schema, { name: null })).toEqual({ name: null })
  })

  test('leaves free-form values as they are: a null in them means null', () => {
    const free = { default: null, enum: ['a', null] }
    expect(dropNullOptionals(Schema, { name: 'n', free, anything: { x: null } })).toEqual({
      name: 'n',
      free: { default: null, enum: ['a', null] },
      anything: { x: null },
    })
  })

  test('leaves values of the wrong shape for validation: nulls in lists, scalars, lists for objects', () => {
    expect(dropNullOptionals(Schema, { name: 'n', items: [null, 'x'] })).toEqual({
      name: 'n',
      items: [null, 'x'],
    })
    expect(dropNullOptionals(Schema, 'text')).toBe('text')
    expect(dropNullOptionals(Schema, [1])).toEqual([1])
    expect(dropNullOptionals(Schema, { name: 'n', nested: [null] })).toEqual({
      name: 'n',
      nested: [null],
    })
  })

  test('does not change the value it is given', () => {
    const body = { name: 'n', note: null, items: [{ id: null }] }
    dropNullOptionals(Schema, body)
    expect(body).toEqual({ name: 'n', note: null, items: [{ id: null }] })
  })

  test.each(objectsWithOptionalFields())(
    'every optional field of %s accepts null as absent',
    (_where, schema) => {
      const optional = Object.keys(schema.properties).filter(
        (key) => !schema.required?.includes(key),
      )
      const body = {
        ...(Value.Create(schema) as object),
        ...Object.fromEntries(optional.map((key) => [key, null])),
      }
      const kept = dropNullOptionals(schema, body)
      expect(Value.Check(schema, kept)).toBe(true)
      expect(Object.keys(kept as object)).toEqual(schema.required ?? [])
    },
  )
})

/** Every object with optional fields in the request schemas, named by where it is. */
function objectsWithOptionalFields(): [string, TObject][] {
  const found: [string, TObject][] = []
  const visit = (where: string, schema: TSchema) => {
    if (schema.anyOf) for (const choice of schema.anyOf) visit(where, choice)
    if (schema.items) visit(`${where}[]`, schema.items)
    if (!schema.properties) return
    const object = schema as TObject
    if (Object.keys(object.properties).some((key) => !object.required?.includes(key))) {
      found.push([where, object])
    }
    for (const [key, field] of Object.entries(object.properties)) visit(`${where}.${key}`, field)
  }
  for (const [name, schema] of Object.entries(schemas)) {
    if (name.endsWith('Request')) visit(name, schema as TSchema)
  }
  return found
}
