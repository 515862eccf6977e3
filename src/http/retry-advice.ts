/** Failures that may go away when the same request is sent again. */
const transientStatuses = new Set([408, 409, 429, 502, 503, 504, 529])

/**
 * Headers telling a client whether to send a failed request again. The Anthropic and OpenAI SDKs
 * retry 408, 409, 429 and every 5xx twice by default unless told `x-should-retry: false`: a failure
 * that would only repeat (a bad request, an unknown model, a bug of ours) says so, so that it is not
 * sent three times.
 */
export function retryAdvice(status: number): Record<string, string> {
  return transientStatuses.has(status) ? {} : { 'x-should-retry': 'false' }
}
