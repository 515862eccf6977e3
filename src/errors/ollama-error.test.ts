import { describe, expect, test } from 'bun:test'
import { OllamaError } from './ollama-error.ts'

const view = (error: OllamaError) => ({
  name: error.name,
  status: error.status,
  message: error.message,
  headers: error.headers,
})

describe('OllamaError', () => {
  test('carries a status, a message, no headers by default, and is an Error', () => {
    const error = new OllamaError(503, 'busy')
    expect(view(error)).toEqual({ name: 'OllamaError', status: 503, message: 'busy', headers: {} })
    expect(error).toBeInstanceOf(Error)
  })

  test('carries extra headers and a cause', () => {
    const cause = new Error('upstream said no')
    const error = new OllamaError(429, 'slow down', { headers: { 'retry-after': '3' }, cause })
    expect(view(error)).toEqual({
      name: 'OllamaError',
      status: 429,
      message: 'slow down',
      headers: { 'retry-after': '3' },
    })
    expect(error.cause).toBe(cause)
  })

  test.each([
    [OllamaError.badRequest('invalid input type'), 400, 'invalid input type'],
    [OllamaError.modelRequired(), 400, 'model is required'],
    [OllamaError.modelNotFound('llama3.2'), 404, "model 'llama3.2' not found"],
    [OllamaError.modelNotFound(''), 404, "model '' not found"],
  ])('has a shorthand for Ollama error %#', (error, status, message) => {
    expect(view(error)).toEqual({ name: 'OllamaError', status, message, headers: {} })
  })
})

describe('OllamaError kinds', () => {
  test.each([
    [400, 'invalid_request'],
    [404, 'not_found'],
    [413, 'too_large'],
    [429, 'rate_limited'],
    [499, 'canceled'],
    [500, 'internal'],
    [502, 'upstream_error'],
    [503, 'unavailable'],
    [504, 'upstream_timeout'],
    [418, 'invalid_request'],
    [599, 'internal'],
  ] as const)('a %d is %s unless told otherwise', (status, kind) => {
    expect(new OllamaError(status, 'x').kind).toBe(kind)
  })

  test('takes the kind it is given', () => {
    expect(new OllamaError(502, 'x', { kind: 'upstream_closed' }).kind).toBe('upstream_closed')
  })
})
