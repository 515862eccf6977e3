import type { TSchema } from '@sinclair/typebox'
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler'
import { OllamaError } from '../errors/ollama-error.ts'
import { describeValidationError } from './describe-validation-error.ts'

const checkers = new WeakMap<TSchema, TypeCheck<TSchema>>()

/**
 * Checks a request body against its schema as it arrived, and refuses it with a 400 that names the
 * outermost wrong field. Elysia validates only after mirroring the body into the schema's shape,
 * which reshapes wrongly typed values first (`"messages": "x"` becomes a list of one empty message,
 * `"options": "x"` an object), so its messages would point at the wrong place, or at none.
 * `where` names the part of a body checked on its own (`input[2]`). Schemas compile when first used.
 */
export function checkBody(schema: TSchema, body: unknown, where?: string): void {
  let checker = checkers.get(schema)
  if (checker === undefined) {
    checker = TypeCompiler.Compile(schema)
    checkers.set(schema, checker)
  }
  if (checker.Check(body)) return
  const first = checker.Errors(body).First()
  const message = describeValidationError(first ? [first] : [])
  throw OllamaError.badRequest(where === undefined ? message : `${where}: ${message}`)
}
