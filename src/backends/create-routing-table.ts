import { anyGlob } from '../config/any-glob.ts'
import type { Logger } from '../log/logger.ts'
import { createUpstream } from '../upstream/create-upstream.ts'
import type { Upstream } from '../upstream/upstream.ts'
import { resolveDialect } from '../upstream/upstream-profile.ts'
import type { Backend } from './backend.ts'
import { CircuitBreaker } from './circuit-breaker.ts'
import { ModelCatalog } from './model-catalog.ts'
import type { BackendSpec, RoutingSpec } from './routing-spec.ts'
import { type BackendEntry, RoutingTable } from './routing-table.ts'

export interface RoutingTableOptions {
  logger: Logger
  /** Clock in milliseconds, for model list caches and circuit breakers. */
  now?: () => number
  /** How a backend's upstream is made (the OpenAI SDK, or the demo). */
  createUpstream?: (spec: BackendSpec) => Upstream
}

/** Live backends for a routing spec: an upstream client, a model catalog and a breaker each. */
export function createRoutingTable(spec: RoutingSpec, options: RoutingTableOptions): RoutingTable {
  const now = options.now ?? performance.now.bind(performance)
  const entries = spec.backends.map((backendSpec): BackendEntry => {
    const upstream = (options.createUpstream ?? createUpstream)(backendSpec)
    const backend: Backend = {
      id: backendSpec.id,
      upstream,
      profile: {
        dialect: resolveDialect(backendSpec.dialect, backendSpec.baseUrl),
        maxTokensParam: backendSpec.maxTokensParam,
        streamUsage: backendSpec.streamUsage,
      },
      ...(backendSpec.contextLength !== undefined && { contextLength: backendSpec.contextLength }),
      breaker: new CircuitBreaker(backendSpec.breaker, now),
      maxRetries: backendSpec.maxRetries,
    }
    const included = anyGlob(backendSpec.include)
    const excluded = anyGlob(backendSpec.exclude)
    const catalog = new ModelCatalog({
      upstream,
      ttlMs: backendSpec.modelsCacheTtlMs,
      staticModels: backendSpec.models,
      offers: (id) => (backendSpec.include.length === 0 || included(id)) && !excluded(id),
      logger: options.logger.child(`backend:${backendSpec.id}`),
      now,
    })
    return { backend, catalog, prefix: backendSpec.prefix }
  })
  return new RoutingTable(entries, spec.aliases, spec.fallbacks, spec.clients)
}
