import { describe, expect, test } from 'bun:test'
import { thrown } from '../../test/support/thrown.ts'
import { toOpenAIResponseFormat } from './to-openai-response-format.ts'

describe('toOpenAIResponseFormat', () => {
  test.each([undefined, null, ''])('sends no response_format for format %p', (format) => {
    expect(toOpenAIResponseFormat(format)).toBeUndefined()
  })

  test('maps "json" to JSON mode', () => {
    expect(toOpenAIResponseFormat('json')).toEqual({ type: 'json_object' })
  })

  test('maps a JSON Schema to a non-strict json_schema named "schema"', () => {
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' }, population: { type: 'integer', minimum: 0 } },
      required: ['city'],
    }
    expect(toOpenAIResponseFormat(schema)).toEqual({
      type: 'json_schema',
      json_schema: { name: 'schema', schema },
    })
  })

  test('passes the schema object through untouched', () => {
    const schema = { type: 'object' }
    const format = toOpenAIResponseFormat(schema)
    expect(format?.type === 'json_schema' && format.json_schema.schema).toBe(schema)
  })

  test.each([
    ['xml', 'invalid format: "xml"; expected "json" or a valid JSON Schema object'],
    ['JSON', 'invalid format: "JSON"; expected "json" or a valid JSON Schema object'],
    ['yaml "v1"', 'invalid format: "yaml \\"v1\\""; expected "json" or a valid JSON Schema object'],
  ])("refuses the format %p with a 400 in Ollama's words", (format, message) => {
    const error = thrown(() => toOpenAIResponseFormat(format))
    expect({ status: error.status, message: error.message }).toEqual({ status: 400, message })
  })
})
