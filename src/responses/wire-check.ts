import type { TSchema } from 'elysia'
import { checkBody } from '../http/check-body.ts'

/**
 * A check of one part of a request against its schema, for the parts a route's schema leaves
 * loose (input items, tools, content parts: their `type` says which schema applies). It returns
 * the value, typed, or throws a 400 saying where and what is wrong.
 */
export function wireCheck<T extends TSchema>(
  schema: T,
): (value: unknown, where: string) => T['static'] {
  return (value, where) => {
    checkBody(schema, value, where)
    return value
  }
}
