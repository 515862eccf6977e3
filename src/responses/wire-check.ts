import type { TSchema } from 'elysia'
import { TypeCompiler } from 'elysia/type-system'
import { OllamaError } from '../errors/ollama-error.ts'
import { describeValidationError } from '../http/describe-validation-error.ts'

/**
 * A check of one part of a request against its schema, for the parts a route's schema leaves
 * loose (input items, tools, content parts: their `type` says which schema applies). It returns
 * the value, typed, or throws a 400 saying where and what is wrong.
 */
export function wireCheck<T extends TSchema>(
  schema: T,
): (value: unknown, where: string) => T['static'] {
  const compiled = TypeCompiler.Compile(schema)
  return (value, where) => {
    if (compiled.Check(value)) return value
    const issue = compiled.Errors(value).First()
    throw OllamaError.badRequest(
      `${where}: ${describeValidationError(issue ? [{ path: issue.path, message: issue.message }] : [])}`,
    )
  }
}
