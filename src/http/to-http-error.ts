import { OllamaError } from '../errors/ollama-error.ts'
import { toOllamaError } from '../errors/to-ollama-error.ts'
import { describeValidationError, type ValidationIssue } from './describe-validation-error.ts'

/** What Elysia tells an error handler. */
export interface FrameworkError {
  code: string | number
  error: unknown
  path: string
  /** Whether another method is routed at this path (a 405 rather than a 404). */
  pathHasOtherMethods: boolean
}

/** Any failure of a request as an OllamaError: the status and message the client gets. */
export function toHttpError({
  code,
  error,
  path,
  pathHasOtherMethods,
}: FrameworkError): OllamaError {
  switch (code) {
    case 'VALIDATION':
      return OllamaError.badRequest(
        describeValidationError((error as { all: ValidationIssue[] }).all ?? []),
      )
    case 'PARSE': {
      const cause = (error as Error).cause
      return cause instanceof OllamaError ? cause : OllamaError.badRequest('invalid request body')
    }
    case 'NOT_FOUND':
      return pathHasOtherMethods
        ? new OllamaError(405, 'method not allowed')
        : new OllamaError(404, `404 page not found: ${path}`)
    default:
      return toOllamaError(error)
  }
}
