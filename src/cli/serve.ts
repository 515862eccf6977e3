import { hostname } from 'node:os'
import { createApp } from '../app.ts'
import { configSecrets } from '../config/config-secrets.ts'
import type { Config } from '../config/settings.ts'
import { createLogger } from '../log/logger.ts'
import { chooseBackend, createUpstream } from '../upstream/create-upstream.ts'
import { createShutdown } from './create-shutdown.ts'
import { currentFetchLimit } from './fetch-limit.ts'
import { openFileLimit } from './open-file-limit.ts'
import { startupWarnings } from './startup-warnings.ts'

/**
 * Runs the service until SIGTERM/SIGINT, then drains and exits (see `createShutdown`).
 * Returns once it listens; exits the process with 1 if it cannot.
 */
export function serve(config: Config, env: Record<string, string | undefined>): void {
  // Docker and Kubernetes set HOSTNAME to the container (pod) name; elsewhere, the machine's name.
  const containerId = env.HOSTNAME || hostname()
  const logger = createLogger({
    level: config.logLevel,
    containerId,
    secrets: configSecrets(config),
  })
  const upstream = createUpstream(config)
  const backend = chooseBackend(config)
  if (backend === 'demo' && config.upstream === 'auto') {
    logger.warn(
      'OPENAI_API_KEY is not set: answering from the built-in demo backend. Set OPENAI_API_KEY (and OPENAI_API_BASE_URL for another provider) to use a real one, or UPSTREAM=demo to silence this.',
    )
  }
  const shutdown = createShutdown({
    stopServer: async () => {
      await app.server?.stop(true)
    },
    inFlight: () => app.server?.pendingRequests ?? 0,
    endUpstreamRequests: (reason) => upstream.endAll(reason),
    drainTimeoutMs: config.drainTimeout * 1000,
    logger,
    exit: (code) => process.exit(code),
  })
  const app = createApp({ config, upstream, logger, containerId, isDraining: shutdown.isDraining })
  try {
    app.listen({ hostname: config.host, port: config.port })
  } catch (error) {
    const inUse = (error as { code?: unknown }).code === 'EADDRINUSE'
    logger.error('cannot listen', {
      host: config.host,
      port: config.port,
      error: inUse
        ? `port ${config.port} on ${config.host} is already in use, maybe by another instance: stop it, or choose another port (PORT, --port)`
        : error,
    })
    process.exit(1)
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void shutdown.onSignal(signal))
  }
  const fetchLimit = currentFetchLimit(env)
  const facts = {
    port: app.server?.port ?? config.port,
    backend,
    fetchLimit,
    openFileLimit: openFileLimit(),
  }
  for (const warning of startupWarnings(config, facts)) logger.warn(warning)
  logger.info('listening', {
    url: `http://${config.host}:${app.server?.port}`,
    upstream: upstream.label,
    environment: config.environment,
    client_keys: config.apiKeys.length,
    max_concurrent_requests: config.maxConcurrentRequests,
    // Bun's fetch runs at most this many requests at once (one per open stream); main.ts raises
    // it to fit MAX_CONCURRENT_REQUESTS (fetch-limit.ts).
    max_upstream_requests: fetchLimit,
  })
  // The binary starts with raised JIT tier-up thresholds (build flag --compile-jit-policy), so
  // run-once startup code is not compiled; from here on, the normal policy.
  Bun.unsafe.setJITPolicy(1)
}
