import type { OpenAPIVersion } from '@elysiajs/openapi'
import { unwrapSchema } from '@elysiajs/openapi/openapi'
import type { DocumentDecoration, InputSchema } from 'elysia'

/** The parts of a generated OpenAPI document this module touches. */
export interface OpenApiDocument {
  openapi: string
  paths?: Record<string, Record<string, Operation | undefined> | undefined>
}

interface Operation {
  requestBody?: { content?: Record<string, unknown> }
  responses?: Record<string, ResponseObject>
  security?: Record<string, string[]>[]
}

interface ResponseObject {
  description?: string
  content?: Record<string, MediaType>
}

interface MediaType {
  schema?: unknown
  example?: unknown
}

/** What the document is generated from: a route as Elysia records it. */
export interface DocumentedRoute {
  method: string
  path: string
  hooks?: { body?: InputSchema['body']; detail?: DocumentDecoration }
}

/**
 * Fills in what `@elysiajs/openapi` leaves out, from the routes' own schemas and `detail`:
 *
 * - a route's `detail.responses` are dropped by the plugin as soon as the route declares `response`
 *   schemas; they are merged back here, per status, so that a route can add a media type (the
 *   NDJSON stream of `/api/chat`) or a description to what its `response` schemas generate;
 * - a route under a custom `onParse` (the Ollama API takes JSON whatever the Content-Type) gets a
 *   request body with no media type at all, hence no schema and no editor in Swagger UI; it is
 *   documented as `application/json`, with the route's `body` schema.
 *
 * Idempotent: the plugin caches the document and this runs on every request for it.
 */
export function completeDocument(
  document: OpenApiDocument,
  routes: readonly DocumentedRoute[],
): OpenApiDocument {
  const version = document.openapi as OpenAPIVersion
  for (const route of routes) {
    const operation = document.paths?.[toOpenApiPath(route.path)]?.[route.method.toLowerCase()]
    if (!operation) continue
    const body = route.hooks?.body
    const request = operation.requestBody
    if (request && body && Object.keys(request.content ?? {}).length === 0) {
      request.content = {
        'application/json': { schema: unwrapSchema(body, undefined, 'input', version) },
      }
    }
    const extra = route.hooks?.detail?.responses as Record<string, ResponseObject> | undefined
    for (const [status, response] of Object.entries(extra ?? {})) {
      operation.responses ??= {}
      const generated = operation.responses[status]
      operation.responses[status] = {
        ...generated,
        ...response,
        content: { ...generated?.content, ...withOpenApiSchemas(response.content, version) },
      }
    }
  }
  return document
}

/** `/v1/models/:model` → `/v1/models/{model}`, as the plugin writes paths. */
function toOpenApiPath(path: string): string {
  return path.replace(/:([^/]+)/g, '{$1}')
}

/** Media types whose TypeBox schemas are rendered the way the plugin renders its own. */
function withOpenApiSchemas(
  content: Record<string, MediaType> | undefined,
  version: OpenAPIVersion,
): Record<string, MediaType> {
  return Object.fromEntries(
    Object.entries(content ?? {}).map(([type, media]) => [
      type,
      media.schema
        ? {
            ...media,
            schema: unwrapSchema(media.schema as InputSchema['body'], undefined, 'output', version),
          }
        : media,
    ]),
  )
}
