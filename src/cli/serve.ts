import { hostname } from 'node:os'
import type { ConfigSources, ServiceConfig } from '../config/load-service-config.ts'
import { serviceSecrets } from '../config/service-secrets.ts'
import { createLogger } from '../log/logger.ts'
import { createService } from './create-service.ts'
import { createShutdown } from './create-shutdown.ts'
import { currentFetchLimit } from './fetch-limit.ts'
import { openFileLimit } from './open-file-limit.ts'
import { startupWarnings } from './startup-warnings.ts'
import { watchConfigFile } from './watch-config-file.ts'

/**
 * Runs the service until SIGTERM/SIGINT, then drains and exits (see `createShutdown`); SIGHUP (and
 * with --watch-config, a change of the file) reloads the configuration. Returns once it listens;
 * exits the process with 1 if it cannot.
 */
export function serve(loaded: ServiceConfig, sources: ConfigSources): void {
  const { config, routing } = loaded
  // Docker and Kubernetes set HOSTNAME to the container (pod) name; elsewhere, the machine's name.
  const containerId = sources.env.HOSTNAME || hostname()
  const secrets = serviceSecrets(loaded)
  const logger = createLogger({ level: config.logLevel, containerId, secrets })
  if (routing.backends.some((backend) => backend.demo) && config.upstream === 'auto') {
    logger.warn(
      'OPENAI_API_KEY is not set: answering from the built-in demo backend. Set OPENAI_API_KEY (and OPENAI_API_BASE_URL for another provider) to use a real one, or UPSTREAM=demo to silence this.',
    )
  }
  const shutdown = createShutdown({
    stopServer: async () => {
      await app.server?.stop(true)
    },
    inFlight: () => app.server?.pendingRequests ?? 0,
    endUpstreamRequests: (reason) => {
      for (const { backend } of router.backends()) backend.upstream.endAll(reason)
    },
    drainTimeoutMs: config.drainTimeout * 1000,
    logger,
    exit: (code) => process.exit(code),
  })
  const { app, router, reloader } = createService(loaded, sources, {
    logger,
    secrets,
    containerId,
    isDraining: shutdown.isDraining,
  })
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
  process.on('SIGHUP', () => reloader.reload('SIGHUP'))
  if (config.watchConfig && sources.configFile !== undefined) {
    watchConfigFile(sources.configFile, () => reloader.reload('file changed'))
  }
  const backends = router.backends().map(({ backend }) => backend)
  const fetchLimit = currentFetchLimit(sources.env)
  const facts = {
    port: app.server?.port ?? config.port,
    upstreamKeyed: routing.backends.some((backend) => !backend.demo && backend.apiKey !== ''),
    fetchLimit,
    openFileLimit: openFileLimit(),
  }
  for (const warning of startupWarnings(config, facts)) logger.warn(warning)
  logger.info('listening', {
    url: `http://${config.host}:${app.server?.port}`,
    upstream: backends.map((backend) => backend.upstream.label).join(', '),
    backends: backends.map((backend) => backend.id),
    environment: config.environment,
    client_keys: config.apiKeys.length,
    max_concurrent_requests: config.maxConcurrentRequests,
    // Bun's fetch runs at most this many requests at once (one per open stream); main.ts raises
    // it to fit MAX_CONCURRENT_REQUESTS (fetch-limit.ts).
    max_upstream_requests: fetchLimit,
  })
  // With several backends, their lists now: those that are down and names offered twice are
  // logged at start rather than at the first request.
  if (backends.length > 1) void router.list().catch(() => {})
  // The binary starts with raised JIT tier-up thresholds (build flag --compile-jit-policy), so
  // run-once startup code is not compiled; from here on, the normal policy.
  Bun.unsafe.setJITPolicy(1)
}
