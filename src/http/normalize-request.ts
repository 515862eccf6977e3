import { Elysia } from 'elysia'
import { limitBody } from './limit-body.ts'
import { pathOf } from './path-of.ts'
import { splitKeyPath } from './split-key-path.ts'

const pathKeys = new WeakMap<Request, string>()
const normalized = new WeakSet<Request>()

/** The key a request carried in its path (`/k/<key>/…`), taken out by `normalizeRequest`. */
export function pathKeyOf(request: Request): string | undefined {
  return pathKeys.get(request)
}

export interface NormalizeRequestOptions {
  /** MAX_BODY_SIZE, in bytes. */
  maxBodyBytes: number
  /** Serves a request from the start: the app's `handle`. */
  dispatch: (request: Request) => Promise<Response>
}

/**
 * Runs first, on every request. Two kinds are served as another request, from the start (so
 * that every route, present or future, sees them alike, and nothing else runs twice):
 *
 * - `/k/<key>/…`: the key leaves the path (it never reaches the routes, nor the request log,
 *   which logs the path after it) and is kept for `clientAuth` (`pathKeyOf`);
 * - a body without Content-Length (chunked): it is read through `limitBody`, which fails with
 *   413 past MAX_BODY_SIZE, so no more than that is ever held. Bodies with a length are checked
 *   against the limit before they are read (`requestLimits`).
 *
 * It never throws: an error here would be logged with the key still in the path.
 */
export function normalizeRequest({ maxBodyBytes, dispatch }: NormalizeRequestOptions) {
  return new Elysia({ name: 'normalize-request' }).onRequest(({ request }) => {
    if (normalized.has(request)) return
    const keyPath = splitKeyPath(pathOf(request.url))
    const hasBody = request.body !== null && request.method !== 'GET' && request.method !== 'HEAD'
    const unsized = hasBody && !request.headers.has('content-length')
    if (keyPath === undefined && !unsized) return
    const url = new URL(request.url)
    if (keyPath) url.pathname = keyPath.path
    const body = hasBody ? request.body : null
    const inner = new Request(url.href, {
      method: request.method,
      headers: request.headers,
      body: unsized && body ? limitBody(body, maxBodyBytes) : body,
      signal: request.signal,
      duplex: 'half',
    } as RequestInit)
    normalized.add(inner)
    if (keyPath) pathKeys.set(inner, keyPath.key)
    return dispatch(inner)
  })
}
