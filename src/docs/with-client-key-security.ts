import type { OpenApiDocument } from './complete-document.ts'

/** The two ways Swagger UI's "Authorize" can send a client key (the path prefix is not offered). */
export const clientKeySchemes = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description: 'A key of API_KEYS, sent as `Authorization: Bearer <key>`',
  },
  apiKey: {
    type: 'apiKey',
    in: 'header',
    name: 'x-api-key',
    description: 'A key of API_KEYS, sent as `x-api-key: <key>`',
  },
} as const

/** Either scheme will do: the document's default requirement once API_KEYS is set. */
export const clientKeyRequirement: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }]

/**
 * With API_KEYS set: the operations of open paths (`/`, health, docs, and /metrics with
 * METRICS_PUBLIC) need no key (`security: []` overrides the document's requirement), and every
 * other one documents its 401. Idempotent, like `completeDocument`.
 */
export function withClientKeySecurity(
  document: OpenApiDocument,
  openWithoutKey: (path: string) => boolean,
): OpenApiDocument {
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const operation of Object.values(operations ?? {})) {
      if (!operation) continue
      if (openWithoutKey(path)) operation.security = []
      else {
        operation.responses ??= {}
        operation.responses['401'] = {
          description:
            'No client key, or not one of API_KEYS (WWW-Authenticate says so): nothing was done',
        }
      }
    }
  }
  return document
}
