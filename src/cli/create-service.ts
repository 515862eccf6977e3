import { createApp } from '../app.ts'
import { BackendRouter } from '../backends/backend-router.ts'
import { createRoutingTable } from '../backends/create-routing-table.ts'
import type { ConfigSources, ServiceConfig } from '../config/load-service-config.ts'
import type { Logger } from '../log/logger.ts'
import { ProxyMetrics } from '../metrics/proxy-metrics.ts'
import { createConfigReloader } from './create-config-reloader.ts'

export interface ServiceOptions {
  logger: Logger
  /** The logger's secrets (a reload adds the new keys). */
  secrets: string[]
  containerId?: string
  isDraining?: () => boolean
  /** Clock of the backends' caches and circuit breakers (ms). */
  now?: () => number
}

/** The app over live backends, with the reloader of its configuration; not listening yet. */
export function createService(
  { config, routing }: ServiceConfig,
  sources: ConfigSources,
  options: ServiceOptions,
) {
  const { logger, now } = options
  const router = new BackendRouter(createRoutingTable(routing, { logger, now }), logger)
  const metrics = new ProxyMetrics(() => router.backends())
  const app = createApp({
    config,
    router,
    metrics,
    logger,
    secrets: options.secrets,
    containerId: options.containerId,
    isDraining: options.isDraining,
  })
  const reloader = createConfigReloader({
    sources,
    config,
    router,
    metrics,
    logger,
    secrets: options.secrets,
    now,
  })
  return { app, router, reloader }
}
