import { anyGlob } from '../config/any-glob.ts'
import { isLoopbackHost } from './is-loopback-host.ts'

/** What a client may connect to without naming this machine: the "any address" ones. */
const unspecified = new Set(['0.0.0.0', '[::]'])

/**
 * Which `Host` headers a request may carry, as Ollama decides against DNS rebinding: while the
 * server listens on loopback only, a request must name a loopback host (or `0.0.0.0`), or one of
 * `allowedHosts` (ALLOWED_HOSTS, `*` wildcards, `*` alone for any). Otherwise a web page on a
 * domain the attacker points at 127.0.0.1 could call this server as its own origin. Servers
 * listening on a network address accept any Host (their clients name it in many ways).
 */
export function createHostPolicy(
  listenHost: string,
  allowedHosts: readonly string[],
): (hostHeader: string | null) => boolean {
  if (!isLoopbackHost(listenHost) || allowedHosts.includes('*')) return () => true
  const allowed = anyGlob(allowedHosts)
  return (hostHeader) => {
    // HTTP/1.0 requests may have no Host; a browser always sends one.
    if (hostHeader === null || hostHeader === '') return true
    const name = hostHeader.replace(/:\d*$/, '').toLowerCase()
    return isLoopbackHost(name) || unspecified.has(name) || allowed(name)
  }
}
