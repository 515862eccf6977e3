import type { ErrorKind, OllamaError } from '../errors/ollama-error.ts'

/** Failures that may go away when the same request is sent again. */
const transientKinds = new Set<ErrorKind>([
  'rate_limited',
  'unavailable',
  'upstream_timeout',
  'upstream_unreachable',
  'upstream_closed',
  'upstream_error',
])

/**
 * Headers telling a client whether to send a failed request again. The Anthropic and OpenAI SDKs
 * retry 408, 409, 429 and every 5xx twice by default unless told `x-should-retry: false`: a failure
 * that would only repeat (a bad request, an unknown model, credentials the backend refuses, a bug of
 * ours) says so, so that it is not sent three times.
 */
export function retryAdvice(error: OllamaError): Record<string, string> {
  return transientKinds.has(error.kind) ? {} : { 'x-should-retry': 'false' }
}
