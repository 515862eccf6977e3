import { Elysia } from 'elysia'
import { OllamaError } from '../errors/ollama-error.ts'
import { createOriginPolicy } from './is-origin-allowed.ts'

/**
 * CORS for browser clients (ollama-js in a page, web UIs), with Ollama's origin policy. A request
 * from any other origin is refused with 403 before any work: browsers send some cross-site
 * requests without asking first (a `text/plain` POST), and bodies are read whatever their
 * Content-Type, so a page must not be able to make this server call the upstream.
 */
export function cors(extraOrigins: readonly string[]) {
  const isAllowed = createOriginPolicy(extraOrigins)
  return new Elysia({ name: 'cors' }).onRequest(({ request, set }) => {
    const origin = request.headers.get('origin')
    if (origin === null) return
    if (!isAllowed(origin, request.headers.get('host'))) {
      throw new OllamaError(
        403,
        `origin ${JSON.stringify(origin.slice(0, 200))} is not allowed: pages of other sites may not call this server (CORS_ORIGINS adds origins)`,
      )
    }
    set.headers['access-control-allow-origin'] = origin
    set.headers.vary = 'Origin'
    const preflightMethod = request.headers.get('access-control-request-method')
    if (request.method !== 'OPTIONS' || preflightMethod === null) return
    return new Response(null, {
      status: 204,
      headers: {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS',
        'access-control-allow-headers':
          request.headers.get('access-control-request-headers') ??
          'Content-Type, Authorization, X-API-Key',
        'access-control-max-age': '86400',
        vary: 'Origin',
      },
    })
  })
}
