import { describe, expect, test } from 'bun:test'
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai/core/error'
import { errorKind } from './error-kind.ts'
import { OllamaError } from './ollama-error.ts'

const upstreamError = (status: number) =>
  new APIError(status, { message: 'no' }, 'no', new Headers())

describe('errorKind', () => {
  test.each([
    [400, undefined, 'validation'],
    [413, undefined, 'validation'],
    [400, upstreamError(400), 'upstream_rejected'],
    [413, upstreamError(413), 'upstream_rejected'],
    [404, undefined, 'not_found'],
    [405, undefined, 'method_not_allowed'],
    [429, upstreamError(429), 'upstream_rate_limited'],
    [499, undefined, 'canceled'],
    [500, new TypeError('x'), 'internal'],
    [501, undefined, 'not_supported'],
    [502, new APIConnectionError({ message: 'ECONNREFUSED' }), 'upstream_unreachable'],
    [502, upstreamError(500), 'upstream_error'],
    [502, upstreamError(401), 'upstream_error'],
    [504, new APIConnectionTimeoutError(), 'upstream_timeout'],
    [504, upstreamError(504), 'upstream_timeout'],
  ] as const)('status %p caused by %p is %p', (status, cause, kind) => {
    expect(errorKind(new OllamaError(status, 'failed', { cause }))).toBe(kind)
  })
})
