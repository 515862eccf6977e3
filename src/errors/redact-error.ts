import { OllamaError } from './ollama-error.ts'

/** The error with `redact` applied to its message: the same error when nothing was removed. */
export function redactError(error: OllamaError, redact: (text: string) => string): OllamaError {
  const message = redact(error.message)
  if (message === error.message) return error
  return new OllamaError(error.status, message, {
    headers: { ...error.headers },
    kind: error.kind,
    cause: error.cause,
  })
}
