import { describe, expect, test } from 'bun:test'
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  RateLimitError,
} from 'openai'
import { OllamaError } from './ollama-error.ts'
import { toOllamaError } from './to-ollama-error.ts'

const headers = (values: Record<string, string> = {}) =>
  new Headers({ 'content-type': 'application/json', ...values })

/** An SDK error as openai-node builds it from an HTTP error response. */
const apiError = (
  status: number,
  body: object | string | undefined,
  values?: Record<string, string>,
) => new APIError(status, body as object | undefined, undefined, headers(values))

const view = (error: OllamaError) => ({
  status: error.status,
  message: error.message,
  headers: error.headers,
})

describe('toOllamaError: errors that are already Ollama errors', () => {
  test('returns an OllamaError as it is', () => {
    const error = new OllamaError(404, "model 'x' not found")
    expect(toOllamaError(error)).toBe(error)
  })
})

describe('toOllamaError: transport failures', () => {
  test('maps a cancelled request (client gone) to 499 "request canceled"', () => {
    expect(view(toOllamaError(new APIUserAbortError()))).toEqual({
      status: 499,
      message: 'request canceled',
      headers: {},
    })
  })

  test('maps an aborted body read (DOMException AbortError) to 499 too', () => {
    const aborted = new DOMException('The operation was aborted.', 'AbortError')
    expect(view(toOllamaError(aborted))).toEqual({
      status: 499,
      message: 'request canceled',
      headers: {},
    })
  })

  test('maps a timeout to 504', () => {
    const timeout = new APIConnectionTimeoutError()
    const error = toOllamaError(timeout)
    expect(view(error)).toEqual({
      status: 504,
      message: 'the upstream did not answer in time',
      headers: {},
    })
    expect(error.cause).toBe(timeout)
  })

  test('maps a connection failure to 502 with its cause', () => {
    const failure = new APIConnectionError({
      cause: new Error('connect ECONNREFUSED 127.0.0.1:8000'),
    })
    const error = toOllamaError(failure)
    expect(view(error)).toEqual({
      status: 502,
      message: 'the upstream cannot be reached: connect ECONNREFUSED 127.0.0.1:8000',
      headers: {},
    })
    expect(error.cause).toBe(failure)
  })

  test('maps a connection failure without cause to 502 with the SDK message', () => {
    expect(view(toOllamaError(new APIConnectionError({})))).toEqual({
      status: 502,
      message: 'the upstream cannot be reached: Connection error.',
      headers: {},
    })
  })

  test('maps an error event in the upstream stream (no status) to 502 with its message', () => {
    // openai-node throws `new APIError(undefined, data.error, undefined, headers)` for SSE errors.
    const midStream = new APIError(
      undefined,
      { message: 'Provider returned error', code: 502 },
      undefined,
      headers(),
    )
    expect(view(toOllamaError(midStream))).toEqual({
      status: 502,
      message: 'upstream error: Provider returned error',
      headers: {},
    })
  })
})

describe('toOllamaError: upstream HTTP errors', () => {
  test('passes a 400 through with the upstream message', () => {
    const upstream = apiError(400, {
      message: "Invalid value for 'temperature'",
      type: 'invalid_request_error',
    })
    const error = toOllamaError(upstream)
    expect(view(error)).toEqual({
      status: 400,
      message: "Invalid value for 'temperature'",
      headers: {},
    })
    expect(error.cause).toBe(upstream)
  })

  test.each([401, 403])(
    'maps %p (bad server credentials) to 502 mentioning the credentials',
    (status) => {
      expect(
        view(toOllamaError(apiError(status, { message: 'Incorrect API key provided: sk-ab***' }))),
      ).toEqual({
        status: 502,
        message: `the upstream refused this server's credentials (HTTP ${status}): Incorrect API key provided: sk-ab***; check OPENAI_API_KEY`,
        headers: {},
      })
    },
  )

  test('maps an SDK AuthenticationError the same way', () => {
    const upstream = new AuthenticationError(401, { message: 'Unauthorized' }, undefined, headers())
    expect(toOllamaError(upstream).status).toBe(502)
  })

  test("maps a 404 about the model to \"model 'x' not found\" with the client's model name", () => {
    const upstream = apiError(404, {
      message: 'The model `gpt-5-turbo` does not exist or you do not have access to it.',
      code: 'model_not_found',
    })
    expect(view(toOllamaError(upstream, { model: 'gpt-5-turbo:latest' }))).toEqual({
      status: 404,
      message: "model 'gpt-5-turbo:latest' not found",
      headers: {},
    })
  })

  test('recognises a model 404 by its code alone', () => {
    const upstream = apiError(404, { message: 'Not found', code: 'model_not_found' })
    expect(view(toOllamaError(upstream, { model: 'x' }))).toEqual({
      status: 404,
      message: "model 'x' not found",
      headers: {},
    })
  })

  test('maps a 404 that is not about a model to 502 pointing at the base URL', () => {
    expect(view(toOllamaError(apiError(404, { message: 'Not Found' }), { model: 'x' }))).toEqual({
      status: 502,
      message: 'the upstream has no such endpoint (HTTP 404): Not Found; check OPENAI_API_BASE_URL',
      headers: {},
    })
  })

  test('maps a model 404 to 502 when the request named no model', () => {
    expect(view(toOllamaError(apiError(404, { message: 'model not found' })))).toEqual({
      status: 502,
      message:
        'the upstream has no such endpoint (HTTP 404): model not found; check OPENAI_API_BASE_URL',
      headers: {},
    })
  })

  test('passes a 429 through and copies Retry-After', () => {
    const upstream = apiError(429, { message: 'Rate limit reached' }, { 'retry-after': '20' })
    expect(view(toOllamaError(upstream))).toEqual({
      status: 429,
      message: 'Rate limit reached',
      headers: { 'retry-after': '20' },
    })
  })

  test('copies an HTTP-date Retry-After as it is', () => {
    const upstream = new RateLimitError(
      429,
      { message: 'slow down' },
      undefined,
      headers({ 'Retry-After': 'Wed, 21 Oct 2015 07:28:00 GMT' }),
    )
    expect(toOllamaError(upstream).headers).toEqual({
      'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT',
    })
  })

  test('adds no headers to a 429 without Retry-After', () => {
    expect(view(toOllamaError(apiError(429, { message: 'Too many requests' })))).toEqual({
      status: 429,
      message: 'Too many requests',
      headers: {},
    })
  })

  test.each([408, 504])('maps %p to 504', (status) => {
    expect(view(toOllamaError(apiError(status, { message: 'Gateway Timeout' })))).toEqual({
      status: 504,
      message: 'the upstream timed out: Gateway Timeout',
      headers: {},
    })
  })

  test.each([500, 502, 503, 529])('maps %p to 502', (status) => {
    expect(view(toOllamaError(apiError(status, { message: 'The server had an error' })))).toEqual({
      status: 502,
      message: `upstream error (HTTP ${status}): The server had an error`,
      headers: {},
    })
  })

  test('maps 422 to 400', () => {
    expect(view(toOllamaError(apiError(422, { message: 'Unprocessable' })))).toEqual({
      status: 400,
      message: 'Unprocessable',
      headers: {},
    })
  })

  test.each([409, 413])('passes the other client error %p through', (status) => {
    expect(view(toOllamaError(apiError(status, { message: 'No' })))).toEqual({
      status,
      message: 'No',
      headers: {},
    })
  })
})

describe('toOllamaError: upstream messages', () => {
  test('uses an error body that is a string', () => {
    expect(toOllamaError(apiError(400, 'context length exceeded')).message).toBe(
      'context length exceeded',
    )
  })

  test('uses the SDK message without its status prefix when the body has no message', () => {
    expect(toOllamaError(apiError(400, { code: 123 })).message).toBe('{"code":123}')
  })

  test('uses the SDK message for a body-less error', () => {
    expect(toOllamaError(apiError(400, undefined)).message).toBe('status code (no body)')
    expect(toOllamaError(new APIError(400, undefined, 'Bad input', headers())).message).toBe(
      'Bad input',
    )
  })

  test('ignores an empty string body', () => {
    expect(toOllamaError(apiError(400, '')).message).toBe('status code (no body)')
  })

  test('ignores a non-string message in the body', () => {
    expect(toOllamaError(apiError(400, { message: { detail: 'x' } })).message).toBe(
      '{"detail":"x"}',
    )
  })
})

describe('toOllamaError: anything else', () => {
  test('hides an unexpected error behind a 500, keeping it as the cause', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')")
    const error = toOllamaError(bug)
    expect(view(error)).toEqual({
      status: 500,
      message: 'internal server error',
      headers: {},
    })
    expect(error.cause).toBe(bug)
  })

  test.each(['a string', 42, null, undefined])('maps the thrown value %p to a 500', (value) => {
    expect(view(toOllamaError(value))).toEqual({
      status: 500,
      message: 'internal server error',
      headers: {},
    })
  })
})
