import { Elysia } from 'elysia'
import { createOriginPolicy } from './is-origin-allowed.ts'

/** CORS for browser clients (ollama-js in a page, web UIs), with Ollama's origin policy. */
export function cors(extraOrigins: readonly string[]) {
  const isAllowed = createOriginPolicy(extraOrigins)
  return new Elysia({ name: 'cors' }).onRequest(({ request, set }) => {
    const origin = request.headers.get('origin')
    if (origin === null || !isAllowed(origin)) return
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
          request.headers.get('access-control-request-headers') ?? 'Content-Type, Authorization',
        'access-control-max-age': '86400',
        vary: 'Origin',
      },
    })
  })
}
