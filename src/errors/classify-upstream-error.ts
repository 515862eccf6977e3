import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai/core/error'
import { OllamaError } from './ollama-error.ts'

/** How a backend call failed, for metrics and fallback logs. */
export type UpstreamErrorKind =
  | 'rate_limited'
  | 'timeout'
  | 'unreachable'
  | 'server_error'
  | 'auth'
  | 'client_error'
  | 'invalid_response'
  | 'stream_error'
  | 'canceled'
  | 'internal'

/** The kind of a failure thrown by an upstream call (before `toOllamaError`, or after: its cause). */
export function classifyUpstreamError(error: unknown): UpstreamErrorKind {
  const raw = error instanceof OllamaError && error.cause !== undefined ? error.cause : error
  if (raw instanceof APIUserAbortError || (raw instanceof Error && raw.name === 'AbortError')) {
    return 'canceled'
  }
  if (raw instanceof APIConnectionTimeoutError) return 'timeout'
  if (raw instanceof APIConnectionError) return 'unreachable'
  if (raw instanceof APIError) return byStatus(raw.status)
  if (raw instanceof OllamaError) {
    if (raw.status === 499) return 'canceled'
    return raw.status === 502 ? 'invalid_response' : byStatus(raw.status)
  }
  return 'internal'
}

function byStatus(status: number | undefined): UpstreamErrorKind {
  if (status === undefined) return 'stream_error'
  if (status === 429) return 'rate_limited'
  if (status === 401 || status === 403) return 'auth'
  if (status === 408 || status === 504) return 'timeout'
  if (status >= 500) return 'server_error'
  return 'client_error'
}
