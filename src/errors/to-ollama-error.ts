import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai/core/error'
import { OllamaError } from './ollama-error.ts'
import { quoteUpstreamText } from './quote-upstream-text.ts'

/** Turns anything thrown while serving a request into the status and message an Ollama client sees. */
export function toOllamaError(error: unknown, context: { model?: string } = {}): OllamaError {
  if (error instanceof OllamaError) return error
  if (
    error instanceof APIUserAbortError ||
    (error instanceof Error && error.name === 'AbortError')
  ) {
    return new OllamaError(499, 'request canceled')
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new OllamaError(504, 'the upstream did not answer in time', { cause: error })
  }
  if (error instanceof APIConnectionError) {
    // A failure of this proxy's own making (a connect timeout) travels as the cause.
    if (error.cause instanceof OllamaError) return error.cause
    const reason = error.cause instanceof Error ? error.cause.message : error.message
    return new OllamaError(502, `the upstream cannot be reached: ${reason}`, {
      cause: error,
      kind: 'upstream_unreachable',
    })
  }
  if (error instanceof APIError) return fromUpstreamStatus(error, context.model)
  if (isConnectionReset(error)) {
    return new OllamaError(502, 'the upstream closed the connection mid-answer', {
      cause: error,
      kind: 'upstream_closed',
    })
  }
  return new OllamaError(500, 'internal server error', { cause: error })
}

function fromUpstreamStatus(error: APIError, model: string | undefined): OllamaError {
  const message = upstreamMessage(error)
  const status = error.status
  if (status === undefined)
    return new OllamaError(502, `upstream error: ${message}`, { cause: error })
  if (status === 401 || status === 403) {
    return new OllamaError(
      502,
      `the upstream refused this server's credentials (HTTP ${status}): ${message}; check OPENAI_API_KEY`,
      { cause: error, kind: 'upstream_auth' },
    )
  }
  if (status === 404) {
    if (model !== undefined && /model/i.test(`${error.code} ${message}`)) {
      return OllamaError.modelNotFound(model)
    }
    return new OllamaError(
      502,
      `the upstream has no such endpoint (HTTP 404): ${message}; check OPENAI_API_BASE_URL`,
      { cause: error },
    )
  }
  if (status === 429) {
    const retryAfter = error.headers?.get('retry-after')
    return new OllamaError(429, message, {
      headers: retryAfter ? { 'retry-after': retryAfter } : {},
      cause: error,
    })
  }
  if (status === 408 || status === 504) {
    return new OllamaError(504, `the upstream timed out: ${message}`, { cause: error })
  }
  if (status >= 500) {
    return new OllamaError(502, `upstream error (HTTP ${status}): ${message}`, { cause: error })
  }
  return new OllamaError(status === 422 ? 400 : status, message, {
    cause: error,
    kind: 'upstream_rejected',
  })
}

/** The upstream's own words, without the SDK's "400 " prefix, fit to quote. */
function upstreamMessage(error: APIError): string {
  const body: unknown = error.error
  if (typeof body === 'string' && body) return quoteUpstreamText(body)
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') {
    return quoteUpstreamText(body.message)
  }
  return quoteUpstreamText(error.message.replace(/^\d{3} /, ''))
}

/** Bun's error for a connection the upstream closed or reset while its body was being read. */
function isConnectionReset(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'ECONNRESET'
}
