/** What kind of failure an error is, for logs and metrics (a small, fixed set of words). */
export type ErrorKind =
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'too_large'
  | 'rate_limited'
  | 'canceled'
  | 'unavailable'
  | 'not_supported'
  | 'internal'
  | 'upstream_unreachable'
  | 'upstream_auth'
  | 'upstream_timeout'
  | 'upstream_closed'
  | 'upstream_invalid'
  | 'upstream_rejected'
  | 'upstream_error'

/** The kind an error of each status is, unless it says otherwise. */
const kindByStatus: Record<number, ErrorKind> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'too_large',
  429: 'rate_limited',
  499: 'canceled',
  501: 'not_supported',
  502: 'upstream_error',
  503: 'unavailable',
  504: 'upstream_timeout',
}

/**
 * The one error type of the service: it knows the HTTP status and the message that the Ollama API
 * puts in `{"error": "…"}`. Anything thrown elsewhere is turned into one by `toOllamaError`.
 */
export class OllamaError extends Error {
  override readonly name = 'OllamaError'
  readonly status: number
  readonly kind: ErrorKind
  /** Extra response headers, e.g. `Retry-After` copied from a rate-limited upstream. */
  readonly headers: Readonly<Record<string, string>>

  constructor(
    status: number,
    message: string,
    options: { headers?: Record<string, string>; cause?: unknown; kind?: ErrorKind } = {},
  ) {
    super(message, { cause: options.cause })
    this.status = status
    this.kind =
      options.kind ?? kindByStatus[status] ?? (status >= 500 ? 'internal' : 'invalid_request')
    this.headers = options.headers ?? {}
  }

  static badRequest(message: string): OllamaError {
    return new OllamaError(400, message)
  }

  static modelRequired(): OllamaError {
    return new OllamaError(400, 'model is required')
  }

  static modelNotFound(model: string): OllamaError {
    return new OllamaError(404, `model '${model}' not found`)
  }
}
