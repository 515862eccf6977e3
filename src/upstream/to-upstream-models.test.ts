import { describe, expect, test } from 'bun:test'
import { thrown } from '../../test/support/thrown.ts'
import { toUpstreamModels } from './to-upstream-models.ts'

describe('toUpstreamModels', () => {
  test("reads OpenAI's list and a bare list", () => {
    const models = [{ id: 'a', owned_by: 'x' }, { id: 'b' }]
    expect(toUpstreamModels({ object: 'list', data: models })).toEqual(models)
    expect(toUpstreamModels(models)).toEqual(models)
    expect(toUpstreamModels({ data: [] })).toEqual([])
  })

  test.each([
    ['a string', 'hello', 'expected {"data": [...]}'],
    ['null', null, 'expected {"data": [...]}'],
    ['an object without data', { models: [] }, 'expected {"data": [...]}'],
    ['data that is not a list', { data: {} }, 'expected {"data": [...]}'],
    ['an entry without id', { data: [{ id: 'a' }, { name: 'b' }] }, 'entry 1 has no string id'],
    ['a numeric id', { data: [{ id: 7 }] }, 'entry 0 has no string id'],
    ['an empty id', { data: [{ id: '' }] }, 'entry 0 has no string id'],
    ['a null entry', { data: [null] }, 'entry 0 has no string id'],
  ])('refuses %s with a 502 saying why', (_name, answer, problem) => {
    const error = thrown(() => toUpstreamModels(answer))
    expect([error.status, error.kind, error.message]).toEqual([
      502,
      'upstream_invalid',
      `the upstream's model list (/models) is not valid: ${problem}`,
    ])
  })
})
