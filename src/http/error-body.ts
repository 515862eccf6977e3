import type { OllamaError } from '../errors/ollama-error.ts'
import { upstreamErrorCode } from '../errors/upstream-error-code.ts'

/** The API surface an error is reported to: Ollama's `{"error": "…"}` or OpenAI's error object. */
export type ErrorDialect = 'ollama' | 'openai'

/** The JSON body of an error response, in the dialect of the surface that failed. */
export function toErrorBody(error: OllamaError, dialect: ErrorDialect): object {
  if (dialect === 'ollama') return { error: error.message }
  return {
    error: {
      message: error.message,
      type: openAIErrorType(error.status),
      param: null,
      // The backend's own code (e.g. context_length_exceeded): OpenAI clients act on it.
      code: upstreamErrorCode(error) ?? null,
    },
  }
}

function openAIErrorType(status: number): string {
  if (status === 404) return 'not_found_error'
  if (status === 429) return 'rate_limit_error'
  if (status >= 400 && status < 500) return 'invalid_request_error'
  return 'api_error'
}
