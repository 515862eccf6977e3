import { Elysia } from 'elysia'
import { OllamaError } from '../errors/ollama-error.ts'
import { createHostPolicy } from './create-host-policy.ts'

/** DNS rebinding: 403 for a Host header `createHostPolicy` refuses, before any work. */
export function hostCheck(listenHost: string, allowedHosts: readonly string[]) {
  const isAllowed = createHostPolicy(listenHost, allowedHosts)
  return new Elysia({ name: 'host-check' }).onRequest(({ request }) => {
    const host = request.headers.get('host')
    if (isAllowed(host)) return
    throw new OllamaError(
      403,
      `host ${JSON.stringify(host?.slice(0, 100))} is not allowed: this server listens on loopback and answers requests naming a loopback host only (ALLOWED_HOSTS adds names)`,
    )
  })
}
