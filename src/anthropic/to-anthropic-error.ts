import type { OllamaError } from '../errors/ollama-error.ts'
import type { ErrorEvent, ErrorType } from './schemas.ts'

/** An error in Anthropic's shape, its type by status as Anthropic uses them. */
export function toAnthropicError(error: OllamaError): ErrorEvent {
  return { type: 'error', error: { type: errorType(error.status), message: error.message } }
}

function errorType(status: number): ErrorType {
  switch (status) {
    case 401:
      return 'authentication_error'
    case 403:
      return 'permission_error'
    case 404:
      return 'not_found_error'
    case 413:
      return 'request_too_large'
    case 429:
      return 'rate_limit_error'
    case 503:
    case 529:
      return 'overloaded_error'
    default:
      return status >= 400 && status < 500 ? 'invalid_request_error' : 'api_error'
  }
}
