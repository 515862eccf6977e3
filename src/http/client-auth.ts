import { Elysia } from 'elysia'
import type { ClientKey } from '../config/parse-client-keys.ts'
import { OllamaError } from '../errors/ollama-error.ts'
import { createKeyMatcher } from './create-key-matcher.ts'
import { isOpenPath } from './is-open-path.ts'
import { pathKeyOf } from './normalize-request.ts'
import { pathOf } from './path-of.ts'
import { presentedKey } from './presented-key.ts'

const realm = 'Bearer realm="ollama-openai-proxy"'

export interface ClientAuth {
  /** The hook that refuses requests without a valid key (none when no key is configured). */
  plugin: Elysia
  /** The name of the key a request was let in with, for the request log. */
  clientOf: (request: Request) => string | undefined
}

/**
 * API_KEYS: when keys are configured, every request but those to open paths (`isOpenPath`) must
 * carry one of them (`Authorization: Bearer`, `x-api-key`, or `/k/<key>/…`), else 401 in the
 * surface's error shape with `WWW-Authenticate`, before any work. The key is compared in
 * constant time and known afterwards by its name only.
 */
export function clientAuth(
  keys: readonly ClientKey[],
  isOpen: (path: string) => boolean = isOpenPath,
): ClientAuth {
  const clients = new WeakMap<Request, string>()
  const plugin = new Elysia({ name: 'client-auth' })
  if (keys.length > 0) {
    const match = createKeyMatcher(keys)
    plugin.onRequest(({ request }) => {
      if (isOpen(pathOf(request.url))) return
      const key = pathKeyOf(request) ?? presentedKey(request.headers)
      if (key === undefined) {
        throw new OllamaError(
          401,
          'missing API key: send it as "Authorization: Bearer <key>" or "x-api-key: <key>", or start the path with /k/<key>/',
          { headers: { 'www-authenticate': realm } },
        )
      }
      const client = match(key)
      if (client === undefined) {
        throw new OllamaError(401, 'invalid API key', {
          headers: { 'www-authenticate': `${realm}, error="invalid_token"` },
        })
      }
      clients.set(request, client)
    })
  }
  return { plugin, clientOf: (request) => clients.get(request) }
}
