import { APIConnectionError, APIError } from 'openai/core/error'
import type { OllamaError } from './ollama-error.ts'

/** What kind of failure an error is, for logs and alerts: one word per cause a reader acts on. */
export type ErrorKind =
  | 'validation'
  | 'not_found'
  | 'method_not_allowed'
  | 'not_supported'
  | 'canceled'
  | 'upstream_rejected'
  | 'upstream_rate_limited'
  | 'upstream_unreachable'
  | 'upstream_timeout'
  | 'upstream_error'
  | 'internal'

/**
 * The kind of a failure, from its status; where one status has two causes, from what caused it: a
 * 400 is the client's mistake unless the upstream refused the request, a 502 is an unreachable
 * upstream or one that failed.
 */
export function errorKind(error: OllamaError): ErrorKind {
  const { status, cause } = error
  if (status === 404) return 'not_found'
  if (status === 405) return 'method_not_allowed'
  if (status === 429) return 'upstream_rate_limited'
  if (status === 499) return 'canceled'
  if (status === 501) return 'not_supported'
  if (status === 504) return 'upstream_timeout'
  if (status === 502) {
    return cause instanceof APIConnectionError ? 'upstream_unreachable' : 'upstream_error'
  }
  if (status >= 400 && status < 500) {
    return cause instanceof APIError ? 'upstream_rejected' : 'validation'
  }
  return 'internal'
}
