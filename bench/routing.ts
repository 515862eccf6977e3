/**
 * What routing costs per request, in-process: resolving the model name over the merged lists and
 * passing the routes through the fallback chain (circuit breakers, metrics), with one backend
 * configured and with three (a prefixed name, an alias with options, fallbacks). The upstream call
 * is replaced by an answer at once, so the time is routing alone. The end-to-end comparison, the
 * proxy with three backends against the proxy with one, is a phase of `bench/run.ts`.
 */
import { BackendRouter } from '../src/backends/backend-router.ts'
import { createRoutingTable } from '../src/backends/create-routing-table.ts'
import { FallbackChain } from '../src/backends/fallback-chain.ts'
import type { ModelRoute } from '../src/backends/model-router.ts'
import type { RoutingSpec } from '../src/backends/routing-spec.ts'
import { toRouteDefaults } from '../src/backends/to-route-defaults.ts'
import { loadConfig } from '../src/config/load-config.ts'
import { defaultBackendSpec } from '../src/config/to-routing-spec.ts'
import { silentLogger } from '../src/log/logger.ts'
import { ProxyMetrics } from '../src/metrics/proxy-metrics.ts'

/** µs per request (median of the batches) for each way of naming a model. */
export interface RoutingMicros {
  /** One backend: a listed name. */
  oneBackend: number
  /** Three backends: a name the third one lists (every list is looked at), with fallbacks. */
  threeBackends: number
  /** Three backends: an alias with default options, to the third backend. */
  threeBackendsAlias: number
  /** Three backends: a prefixed name. */
  threeBackendsPrefix: number
}

/** The single-backend settings, with `models` listed in place of a /models call. */
function backendSpec(id: string, prefix = '') {
  const config = loadConfig([
    { describe: (key) => key, values: { upstream: 'openai', models: 'bench' } },
  ])
  return { ...defaultBackendSpec(config), id, prefix }
}

export const oneBackend: RoutingSpec = {
  backends: [backendSpec('default')],
  aliases: [],
  fallbacks: [],
}

/** Three backends as bench/run.ts configures them (docs/benchmarks.md). */
export const threeBackends: RoutingSpec = {
  backends: [backendSpec('one', 'one/'), backendSpec('two', 'two/'), backendSpec('three')],
  aliases: [
    {
      name: 'coder',
      target: 'three/bench',
      defaults: toRouteDefaults({ temperature: 0.2, num_ctx: 32_768 }),
    },
  ],
  fallbacks: [{ name: 'bench', targets: ['one/bench', 'two/bench'] }],
}

/** One routed request: resolve, then the chain with an upstream that answers at once. */
function routedRequest(spec: RoutingSpec, name: string): () => Promise<number> {
  const router = new BackendRouter(createRoutingTable(spec, { logger: silentLogger }), silentLogger)
  const chain = new FallbackChain({
    logger: silentLogger,
    metrics: new ProxyMetrics(() => router.backends()),
    served: new WeakMap<AbortSignal, ModelRoute>(),
  })
  const answer = Promise.resolve(1)
  return async () => {
    const signal = new AbortController().signal
    return chain.run(await router.resolve(name), signal, () => answer)
  }
}

/**
 * µs per request of each setup: all warmed up first, then timed in rounds that take turns (so
 * that each sees the same machine), the median round kept.
 */
export async function measureRouting(iterations: number): Promise<RoutingMicros> {
  const setups = {
    oneBackend: routedRequest(oneBackend, 'bench'),
    threeBackends: routedRequest(threeBackends, 'bench'),
    threeBackendsAlias: routedRequest(threeBackends, 'coder'),
    threeBackendsPrefix: routedRequest(threeBackends, 'one/bench'),
  }
  const rounds = 7
  const perRound = Math.ceil(iterations / rounds)
  const timings = Object.fromEntries(Object.keys(setups).map((setup) => [setup, [] as number[]]))
  for (const request of Object.values(setups)) {
    for (let warmup = 0; warmup < perRound; warmup++) await request()
  }
  for (let round = 0; round < rounds; round++) {
    for (const [setup, request] of Object.entries(setups)) {
      const started = Bun.nanoseconds()
      for (let index = 0; index < perRound; index++) await request()
      timings[setup]?.push((Bun.nanoseconds() - started) / 1000 / perRound)
    }
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]
  return Object.fromEntries(
    Object.entries(timings).map(([setup, values]) => [setup, median(values) as number]),
  ) as unknown as RoutingMicros
}
if (import.meta.main) {
  const micros = await measureRouting(Number(process.argv[2]) || 100_000)
  for (const [setup, value] of Object.entries(micros)) {
    process.stdout.write(`${setup.padEnd(22)} ${value.toFixed(2)} µs/request\n`)
  }
}
