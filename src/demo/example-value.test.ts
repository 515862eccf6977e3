import { describe, expect, test } from 'bun:test'
import { type ExampleMode, exampleValue, type JsonSchema } from './example-value.ts'
import { readPromptFacts } from './prompt-facts.ts'

const now = new Date('2026-03-04T05:06:07.000Z')
const valueFor = (schema: JsonSchema, text = '', mode: ExampleMode = 'answer') =>
  exampleValue(schema, readPromptFacts(text), mode, now)

describe('exampleValue: tool arguments', () => {
  const directions: JsonSchema = {
    type: 'object',
    properties: {
      from: { type: 'string' },
      to: { type: 'string' },
      days: { type: 'integer' },
      mode: { enum: ['car', 'train', 'plane'] },
      avoid_tolls: { type: 'boolean' },
      options: { type: 'object', properties: { scenic: { type: 'boolean' } } },
      stops: { type: 'array', items: { type: 'string' } },
    },
    required: ['from', 'to'],
  }

  test('fills the required properties, and the optional ones the prompt gives', () => {
    expect(valueFor(directions, 'From New York to Boston by train', 'arguments')).toEqual({
      from: 'New York',
      to: 'Boston',
      mode: 'train',
    })
    expect(
      valueFor(directions, 'Directions from Paris to Lyon via Dijon, Beaune, 2 days', 'arguments'),
    ).toEqual({ from: 'Paris', to: 'Lyon', days: 2, stops: ['Dijon', 'Beaune'] })
  })

  test('falls back for a required value the prompt does not give', () => {
    expect(valueFor(directions, 'directions please', 'arguments')).toEqual({
      from: 'demo',
      to: 'demo',
    })
  })

  test('gives free text (a query) the quoted text, else the whole prompt', () => {
    const search: JsonSchema = {
      type: 'object',
      properties: { query: { type: 'string' }, limit: { type: 'integer' } },
      required: ['query'],
    }
    expect(valueFor(search, 'Search the web for "black holes"', 'arguments')).toEqual({
      query: 'black holes',
    })
    expect(valueFor(search, 'Search the web for news, 5 results', 'arguments')).toEqual({
      query: 'Search the web for news, 5 results',
      limit: 5,
    })
    const described: JsonSchema = {
      type: 'object',
      properties: { q: { type: 'string', description: 'The search text' } },
    }
    expect(valueFor(described, 'Look up "quasars"', 'arguments')).toEqual({ q: 'quasars' })
  })
})

describe('exampleValue: structured answers', () => {
  test('fills every property, nested objects and lists included', () => {
    expect(
      valueFor(
        {
          type: 'object',
          properties: {
            city: { type: 'string' },
            country: { type: 'string', default: 'Japan' },
            temperature: { type: 'number' },
            sunny: { type: 'boolean' },
            nothing: { type: 'null' },
            unit: { enum: ['celsius', 'fahrenheit'] },
            forecast: {
              type: 'array',
              items: {
                type: 'object',
                properties: { day: { type: 'string', format: 'date' }, high: { type: 'integer' } },
                required: ['day'],
              },
            },
          },
        },
        'Weather in Tokyo, in fahrenheit',
      ),
    ).toEqual({
      city: 'Tokyo',
      country: 'Japan',
      temperature: 1,
      sunny: true,
      nothing: null,
      unit: 'fahrenheit',
      forecast: [{ day: '2026-03-04', high: 1 }],
    })
  })

  test('follows $ref to $defs and definitions (Pydantic and zod schemas)', () => {
    const pet = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }
    expect(
      valueFor(
        {
          $defs: { Pet: pet },
          type: 'object',
          properties: { pets: { type: 'array', items: { $ref: '#/$defs/Pet' } } },
        },
        'My pets are Rex and Tom',
      ),
    ).toEqual({ pets: [{ name: 'Rex' }] })
    expect(
      valueFor({ definitions: { Pet: pet }, $ref: '#/definitions/Pet' }, 'Describe Rex'),
    ).toEqual({ name: 'Rex' })
    expect(valueFor({ $ref: '#/$defs/Missing', type: 'integer' })).toBe(1)
  })

  test('takes the first non-null choice of anyOf / oneOf and of a list of types', () => {
    expect(valueFor({ anyOf: [{ type: 'null' }, { type: 'integer' }] }, '7 days')).toBe(7)
    expect(valueFor({ oneOf: [{ type: 'boolean' }, { type: 'string' }] })).toBe(true)
    expect(valueFor({ type: ['null', 'string'] }, 'In Rome')).toBe('Rome')
    expect(valueFor({ type: ['null'] })).toBeNull()
  })

  test('merges allOf', () => {
    expect(
      valueFor({
        allOf: [{ type: 'object' }, { properties: { ok: { type: 'boolean' } } }],
      }),
    ).toEqual({ ok: true })
  })

  test('keeps constants, and enum defaults or first values when none is mentioned', () => {
    expect(valueFor({ const: 'v1' })).toBe('v1')
    expect(valueFor({ enum: ['a', 'b'], default: 'b' })).toBe('b')
    expect(valueFor({ enum: [1, 2] })).toBe(1)
  })

  test('keeps numbers within their range, integers whole', () => {
    expect(valueFor({ type: 'integer', minimum: 10 }, '3 items')).toBe(10)
    expect(valueFor({ type: 'integer', maximum: 2 }, '3 items')).toBe(2)
    expect(valueFor({ type: 'integer', exclusiveMinimum: 3 }, '3 items')).toBe(4)
    expect(valueFor({ type: 'number', exclusiveMaximum: 3 }, '3 items')).toBe(2.5)
    expect(valueFor({ type: 'integer' }, '2.6 items')).toBe(3)
    expect(valueFor({ type: 'number' }, '2.6 items')).toBe(2.6)
    expect(valueFor({ type: 'number', default: 0.5 })).toBe(0.5)
  })

  test('keeps strings within their length', () => {
    expect(valueFor({ type: 'string', minLength: 6 }, 'In Rome')).toBe('Rome..')
    expect(valueFor({ type: 'string', maxLength: 2 }, 'In Rome')).toBe('Ro')
    expect(valueFor({ type: 'string', examples: ['Kyoto'] })).toBe('Kyoto')
  })

  test('keeps lists within their length', () => {
    const cities = { type: 'array', items: { type: 'string' } }
    expect(valueFor({ ...cities, maxItems: 2 }, 'In Rome, Oslo, Lima')).toEqual(['Rome', 'Oslo'])
    expect(valueFor({ ...cities, minItems: 3 }, 'Rome')).toEqual(['Rome', 'demo', 'demo'])
    expect(valueFor({ type: 'array' })).toEqual(['demo'])
    expect(valueFor({ type: 'array', items: { enum: ['x', 'y'] } }, 'x and y')).toEqual(['x'])
  })

  test('writes strings of well-known formats', () => {
    expect(
      ['date-time', 'date', 'time', 'email', 'uri', 'url', 'uuid'].map((format) =>
        valueFor({ type: 'string', format }, 'In Rome'),
      ),
    ).toEqual([
      '2026-03-04T05:06:07.000Z',
      '2026-03-04',
      '05:06:07',
      'demo@example.com',
      'https://example.com/',
      'https://example.com/',
      '00000000-0000-4000-8000-000000000000',
    ])
  })

  test('an optional formatted string or boolean is not invented for tool arguments', () => {
    expect(
      valueFor(
        {
          type: 'object',
          properties: { at: { type: 'string', format: 'date' }, urgent: { type: 'boolean' } },
        },
        'Remind me',
        'arguments',
      ),
    ).toEqual({})
  })
})
