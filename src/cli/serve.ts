import type { ConfigSources, ServiceConfig } from '../config/load-service-config.ts'
import { createLogger } from '../log/logger.ts'
import { backendSecrets } from '../upstream/backend-secrets.ts'
import { createService } from './create-service.ts'
import { createShutdown } from './create-shutdown.ts'
import { watchConfigFile } from './watch-config-file.ts'

/**
 * Runs the service until SIGTERM/SIGINT, then drains and exits (see `createShutdown`); SIGHUP (and
 * with --watch-config, a change of the file) reloads the configuration. Returns once it listens;
 * exits the process with 1 if it cannot.
 */
export function serve(loaded: ServiceConfig, sources: ConfigSources): void {
  const { config, routing } = loaded
  const containerId = sources.env.HOSTNAME ?? ''
  const secrets = routing.backends.flatMap(backendSecrets)
  const logger = createLogger({ level: config.logLevel, containerId, secrets })
  if (routing.backends.some((backend) => backend.demo) && config.upstream === 'auto') {
    logger.warn(
      'OPENAI_API_KEY is not set: answering from the built-in demo backend. Set OPENAI_API_KEY (and OPENAI_API_BASE_URL for another provider) to use a real one, or UPSTREAM=demo to silence this.',
    )
  }
  const shutdown = createShutdown({
    stopServer: async (closeActiveConnections) => {
      await app.server?.stop(closeActiveConnections)
    },
    inFlight: () => app.server?.pendingRequests ?? 0,
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
    logger.error('cannot listen', { host: config.host, port: config.port, error })
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
  logger.info('listening', {
    url: `http://${config.host}:${app.server?.port}`,
    upstream: backends.map((backend) => backend.upstream.label).join(', '),
    backends: backends.map((backend) => backend.id),
    environment: config.environment,
    // Bun's fetch runs at most this many requests at once (one per open stream); Bun reads it at
    // process start only, so deployments set it (docs/benchmarks.md, Deployment).
    max_upstream_requests: Number(sources.env.BUN_CONFIG_MAX_HTTP_REQUESTS) || 256,
  })
  // With several backends, their lists now: those that are down and names offered twice are
  // logged at start rather than at the first request.
  if (backends.length > 1) void router.list().catch(() => {})
  // The binary starts with raised JIT tier-up thresholds (build flag --compile-jit-policy), so
  // run-once startup code is not compiled; from here on, the normal policy.
  Bun.unsafe.setJITPolicy(1)
}
