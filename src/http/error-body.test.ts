import { describe, expect, test } from 'bun:test'
import { APIError } from 'openai/core/error'
import { OllamaError } from '../errors/ollama-error.ts'
import { toOllamaError } from '../errors/to-ollama-error.ts'
import { toErrorBody } from './error-body.ts'

describe('toErrorBody', () => {
  test('gives the Ollama surface {"error": message}', () => {
    expect(toErrorBody(new OllamaError(404, "model 'x' not found"), 'ollama')).toEqual({
      error: "model 'x' not found",
    })
  })

  test('gives the Ollama surface no other keys, whatever the status', () => {
    const body = toErrorBody(
      new OllamaError(429, 'slow down', { headers: { 'retry-after': '1' } }),
      'ollama',
    )
    expect(JSON.stringify(body)).toBe('{"error":"slow down"}')
  })

  test.each([
    [400, 'invalid_request_error'],
    [401, 'invalid_request_error'],
    [404, 'not_found_error'],
    [405, 'invalid_request_error'],
    [429, 'rate_limit_error'],
    [499, 'invalid_request_error'],
    [500, 'api_error'],
    [501, 'api_error'],
    [502, 'api_error'],
    [504, 'api_error'],
  ])('gives the OpenAI surface an error object of type for status %p: %s', (status, type) => {
    expect(toErrorBody(new OllamaError(status, 'it failed'), 'openai')).toEqual({
      error: { message: 'it failed', type, param: null, code: null },
    })
  })

  test.each([
    [400, 'invalid_request_error'],
    [404, 'not_found_error'],
    [429, 'rate_limit_error'],
    [502, 'api_error'],
  ])(
    'gives the Anthropic surface its error shape with a request id, status %p: %s',
    (status, type) => {
      const body = toErrorBody(new OllamaError(status, 'it failed'), 'anthropic')
      expect(body).toEqual({
        type: 'error',
        error: { type, message: 'it failed' },
        request_id: expect.stringMatching(/^req_[0-9a-f]{24}$/),
      })
      expect(Object.keys(body)).toEqual(['type', 'error', 'request_id'])
    },
  )

  test("passes the backend's OpenAI error code through", () => {
    const upstream = APIError.generate(
      400,
      {
        error: {
          message: 'too long',
          type: 'invalid_request_error',
          code: 'context_length_exceeded',
        },
      },
      undefined,
      new Headers(),
    )
    expect(toErrorBody(toOllamaError(upstream), 'openai')).toEqual({
      error: {
        message: 'too long',
        type: 'invalid_request_error',
        param: null,
        code: 'context_length_exceeded',
      },
    })
  })
})
