/**
 * The one error type of the service: it knows the HTTP status and the message that the Ollama API
 * puts in `{"error": "…"}`. Anything thrown elsewhere is turned into one by `toOllamaError`.
 */
export class OllamaError extends Error {
  override readonly name = 'OllamaError'
  readonly status: number
  /** Extra response headers, e.g. `Retry-After` copied from a rate-limited upstream. */
  readonly headers: Readonly<Record<string, string>>

  constructor(
    status: number,
    message: string,
    options: { headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause })
    this.status = status
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
