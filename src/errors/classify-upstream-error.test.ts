import { describe, expect, test } from 'bun:test'
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai'
import { classifyUpstreamError } from './classify-upstream-error.ts'
import { OllamaError } from './ollama-error.ts'
import { toOllamaError } from './to-ollama-error.ts'

const status = (code: number | undefined) => new APIError(code, {}, 'x', new Headers())

describe('classifyUpstreamError', () => {
  test.each([
    ['status(429)', () => status(429), 'rate_limited'],
    ['status(401)', () => status(401), 'auth'],
    ['status(403)', () => status(403), 'auth'],
    ['status(408)', () => status(408), 'timeout'],
    ['status(504)', () => status(504), 'timeout'],
    ['status(500)', () => status(500), 'server_error'],
    ['status(503)', () => status(503), 'server_error'],
    ['status(400)', () => status(400), 'client_error'],
    ['status(undefined)', () => status(undefined), 'stream_error'],
    ['new APIConnectionTimeoutError()', () => new APIConnectionTimeoutError(), 'timeout'],
    [
      'new APIConnectionError({ message: refused })',
      () => new APIConnectionError({ message: 'refused' }),
      'unreachable',
    ],
    ['new APIUserAbortError()', () => new APIUserAbortError(), 'canceled'],
    [
      'new DOMException(aborted, AbortError)',
      () => new DOMException('aborted', 'AbortError'),
      'canceled',
    ],
    [
      'new OllamaError(502, the upstream sent an invalid stream event: x)',
      () => new OllamaError(502, 'the upstream sent an invalid stream event: x'),
      'invalid_response',
    ],
    [
      'new OllamaError(499, request canceled)',
      () => new OllamaError(499, 'request canceled'),
      'canceled',
    ],
    [
      'new OllamaError(404, "model x not found")',
      () => new OllamaError(404, "model 'x' not found"),
      'client_error',
    ],
    ['new TypeError(bug)', () => new TypeError('bug'), 'internal'],
  ])('%s → %s', (_, error, kind) => {
    expect(classifyUpstreamError(error())).toBe(kind as never)
  })

  test('sees through toOllamaError to the upstream failure', () => {
    expect(classifyUpstreamError(toOllamaError(status(500)))).toBe('server_error')
    expect(classifyUpstreamError(toOllamaError(new APIConnectionTimeoutError()))).toBe('timeout')
  })
})
