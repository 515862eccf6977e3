import type { TObject } from '@sinclair/typebox'
import { checkBody } from '../http/check-body.ts'
import { dropNullOptionals } from './drop-null-optionals.ts'

/**
 * Route options for an Ollama JSON body: `schema` documents and types it. Before Elysia sees the
 * body, the nulls of optional fields are dropped (null means absent, as in Ollama) and the body is
 * checked as sent, so that a wrong type is reported at the field the client got wrong.
 */
export function ollamaBody<Schema extends TObject>(schema: Schema) {
  return {
    body: schema,
    transform(context: { body: unknown }) {
      const body = dropNullOptionals(schema, context.body)
      checkBody(schema, body)
      context.body = body
    },
  }
}
