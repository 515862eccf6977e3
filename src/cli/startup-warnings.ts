import type { Config } from '../config/settings.ts'
import { isLoopbackHost } from '../http/is-loopback-host.ts'
import { upstreamFetchLimit } from './fetch-limit.ts'

/** What the configuration alone does not say about the running process. */
export interface StartupFacts {
  /** The port listened on (PORT may be 0: any free one). */
  port: number
  /** Whether a backend that is not the demo is called with an API key. */
  upstreamKeyed: boolean
  /** Upstream requests Bun's fetch sends at once (`currentFetchLimit`). */
  fetchLimit: number
  /** Files the process may open (`openFileLimit`), if known. */
  openFileLimit: number | undefined
}

/** File descriptors for everything but connections: listening socket, logs, config, slack. */
const reservedFiles = 64

/**
 * One line per risky setup, for the start-up log: an upstream key reachable by anyone on the
 * network, and concurrency limits the process cannot keep (past them, requests wait unanswered
 * instead of getting 503).
 */
export function startupWarnings(config: Config, facts: StartupFacts): string[] {
  const warnings: string[] = []
  const exposed = !isLoopbackHost(config.host)
  if (exposed && facts.upstreamKeyed && config.apiKeys.length === 0) {
    warnings.push(
      `listening on ${config.host} with an upstream API key and no API_KEYS: anyone who can reach port ${facts.port} can use the upstream with this server's key, at its owner's expense. Set API_KEYS (or API_KEYS_FILE) to require client keys, or HOST=127.0.0.1 to accept local connections only`,
    )
  }
  const max = config.maxConcurrentRequests
  if (facts.fetchLimit < max) {
    warnings.push(
      `Bun's fetch sends at most ${facts.fetchLimit} upstream requests at once (BUN_CONFIG_MAX_HTTP_REQUESTS), fewer than MAX_CONCURRENT_REQUESTS=${max}: requests past ${facts.fetchLimit} wait for a free slot. Set BUN_CONFIG_MAX_HTTP_REQUESTS=${upstreamFetchLimit(max)}, or leave it unset: the service then raises it itself as it starts (except on Windows)`,
    )
  }
  const files = 2 * max + reservedFiles
  if (facts.openFileLimit !== undefined && facts.openFileLimit < files) {
    warnings.push(
      `MAX_CONCURRENT_REQUESTS=${max} needs up to ${files} open files (a client and an upstream connection per request) but this process may open ${facts.openFileLimit}: past that, new connections wait unanswered instead of getting 503. Raise the limit (ulimit -n, docker run --ulimit nofile=…) or lower MAX_CONCURRENT_REQUESTS`,
    )
  }
  return warnings
}
