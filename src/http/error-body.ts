import { toAnthropicError } from '../anthropic/to-anthropic-error.ts'
import { randomId } from '../core/random-id.ts'
import type { OllamaError } from '../errors/ollama-error.ts'
import { upstreamErrorCode } from '../errors/upstream-error-code.ts'

/**
 * The API surface an error is reported to: Ollama's `{"error": "…"}`, OpenAI's error object, or
 * Anthropic's `{"type": "error", "error": {…}, "request_id": …}`.
 */
export type ErrorDialect = 'ollama' | 'openai' | 'anthropic'

/** The JSON body of an error response, in the dialect of the surface that failed. */
export function toErrorBody(error: OllamaError, dialect: ErrorDialect): object {
  if (dialect === 'ollama') return { error: error.message }
  if (dialect === 'anthropic') return { ...toAnthropicError(error), request_id: randomId('req_') }
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
