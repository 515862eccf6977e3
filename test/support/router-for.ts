import { BackendRouter } from '../../src/backends/backend-router.ts'
import { createRoutingTable } from '../../src/backends/create-routing-table.ts'
import type { Config } from '../../src/config/settings.ts'
import { toRoutingSpec } from '../../src/config/to-routing-spec.ts'
import { type Logger, silentLogger } from '../../src/log/logger.ts'
import type { Upstream } from '../../src/upstream/upstream.ts'

/** The router of the backend `default` the settings describe; `upstream` in place of the real one. */
export function routerFor(config: Config, upstream?: Upstream, logger: Logger = silentLogger) {
  const table = createRoutingTable(toRoutingSpec(config, undefined, true), {
    logger,
    ...(upstream && { createUpstream: () => upstream }),
  })
  return new BackendRouter(table, logger)
}
