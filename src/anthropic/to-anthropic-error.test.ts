import { describe, expect, test } from 'bun:test'
import { OllamaError } from '../errors/ollama-error.ts'
import { toAnthropicError } from './to-anthropic-error.ts'

describe('toAnthropicError', () => {
  test.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [405, 'invalid_request_error'],
    [413, 'request_too_large'],
    [429, 'rate_limit_error'],
    [499, 'invalid_request_error'],
    [500, 'api_error'],
    [502, 'api_error'],
    [503, 'overloaded_error'],
    [504, 'api_error'],
    [529, 'overloaded_error'],
  ])('gives status %p the type %s', (status, type) => {
    expect(toAnthropicError(new OllamaError(status, 'it failed'))).toEqual({
      type: 'error',
      error: { type, message: 'it failed' },
    } as never)
  })
})
