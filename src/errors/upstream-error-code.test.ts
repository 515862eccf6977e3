import { describe, expect, test } from 'bun:test'
import { APIError } from 'openai/core/error'
import { OllamaError } from './ollama-error.ts'
import { toOllamaError } from './to-ollama-error.ts'
import { upstreamErrorCode } from './upstream-error-code.ts'

/** A backend error as the upstream client throws it: an error response, or an error event. */
const upstream = (status: number | undefined, error: object) =>
  toOllamaError(
    status === undefined
      ? new APIError(undefined, error, undefined, new Headers())
      : APIError.generate(status, { error }, undefined, new Headers()),
  )

describe('upstreamErrorCode', () => {
  test("the backend's OpenAI error code", () => {
    const error = upstream(400, {
      message: "This model's maximum context length is 8192 tokens",
      type: 'invalid_request_error',
      code: 'context_length_exceeded',
    })
    expect(upstreamErrorCode(error)).toBe('context_length_exceeded')
  })

  test('from an error event in the stream too', () => {
    expect(
      upstreamErrorCode(upstream(undefined, { message: 'x', code: 'server_overloaded' })),
    ).toBe('server_overloaded')
  })

  test('none when the backend sent none, or the failure is not the backend’s', () => {
    expect(upstreamErrorCode(upstream(400, { message: 'bad', code: null }))).toBeUndefined()
    expect(upstreamErrorCode(upstream(400, { message: 'bad', code: '' }))).toBeUndefined()
    expect(upstreamErrorCode(OllamaError.badRequest('missing request body'))).toBeUndefined()
    expect(upstreamErrorCode(toOllamaError(new Error('bug')))).toBeUndefined()
  })
})
