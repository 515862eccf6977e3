import { hostname } from 'node:os'
import { createApp } from '../app.ts'
import { configSecrets } from '../config/config-secrets.ts'
import type { Config } from '../config/settings.ts'
import { createLogger } from '../log/logger.ts'
import { chooseBackend, createUpstream } from '../upstream/create-upstream.ts'
import { createShutdown } from './create-shutdown.ts'

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
  if (chooseBackend(config) === 'demo' && config.upstream === 'auto') {
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
    logger.error('cannot listen', { host: config.host, port: config.port, error })
    process.exit(1)
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void shutdown.onSignal(signal))
  }
  logger.info('listening', {
    url: `http://${config.host}:${app.server?.port}`,
    upstream: upstream.label,
    environment: config.environment,
    // Bun's fetch runs at most this many requests at once (one per open stream); Bun reads it at
    // process start only, so deployments set it (docs/benchmarks.md, Deployment).
    max_upstream_requests: Number(env.BUN_CONFIG_MAX_HTTP_REQUESTS) || 256,
  })
  // The binary starts with raised JIT tier-up thresholds (build flag --compile-jit-policy), so
  // run-once startup code is not compiled; from here on, the normal policy.
  Bun.unsafe.setJITPolicy(1)
}
