import type { Counter, Gauge, Histogram, Registry } from 'prom-client'
import CounterClass from 'prom-client/lib/counter'
import GaugeClass from 'prom-client/lib/gauge'
import HistogramClass from 'prom-client/lib/histogram'
import RegistryClass from 'prom-client/lib/registry'
import type { CircuitState } from '../backends/circuit-breaker.ts'
import type { FallbackReason } from '../backends/fallback-chain.ts'
import type { BackendStatus, ModelRoute } from '../backends/model-router.ts'
import type { TokenUsage } from '../core/generation-event.ts'
import type { ErrorKind } from '../errors/ollama-error.ts'

/** One finished HTTP request, as the request log saw it. */
export interface RequestRecord {
  /** ollama, openai, anthropic, responses, ops or other (`surfaceOf`). */
  surface: string
  /** The route's path pattern (`/v1/models/:model`), never the raw path. */
  route: string
  status: number
  /** The route that served it, if it reached a backend. */
  served: ModelRoute | undefined
  seconds: number
}

const circuitValue: Record<CircuitState, number> = { closed: 0, open: 1, half_open: 2 }

/** Seconds: upstreams answer in milliseconds to minutes. */
const firstOutputBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120]
const durationBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160, 320, 640]
const requestBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]

/** The model label of a route: only names from the configuration or a backend's list. */
const modelLabel = (route: ModelRoute) => (route.known ? route.model.id : 'unlisted')

/**
 * The service's Prometheus metrics (prom-client), recorded once per request and per upstream
 * generation, never per chunk. Labels are low-cardinality: backend names and model ids come from
 * the configuration or the backends' lists, routes are path patterns. docs: README "Metrics".
 */
export class ProxyMetrics {
  readonly registry: Registry
  readonly #requests: Counter<'surface' | 'route' | 'status' | 'backend' | 'model'>
  readonly #requestSeconds: Histogram<'surface' | 'route'>
  readonly #firstOutput: Histogram<'backend' | 'model'>
  readonly #duration: Histogram<'backend' | 'model'>
  readonly #tokens: Counter<'backend' | 'model' | 'type'>
  readonly #activeStreams: Gauge<'backend'>
  readonly #upstreamErrors: Counter<'backend' | 'kind'>
  readonly #fallbacks: Counter<'from' | 'to' | 'reason'>
  readonly #circuitOpens: Counter<'backend'>
  readonly #reloads: Counter<'result'>

  /** `backends`: the backends now configured, read at each scrape. */
  constructor(backends: () => BackendStatus[]) {
    const registry = new RegistryClass()
    this.registry = registry
    const registers = [registry]
    this.#requests = new CounterClass({
      name: 'ollama_proxy_requests_total',
      help: 'HTTP requests answered, by API surface, route pattern, status, and the backend and model that served them (empty when none did)',
      labelNames: ['surface', 'route', 'status', 'backend', 'model'],
      registers,
    })
    this.#requestSeconds = new HistogramClass({
      name: 'ollama_proxy_request_duration_seconds',
      help: 'Time from receiving a request to the end of its response (streams: their end)',
      labelNames: ['surface', 'route'],
      buckets: requestBuckets,
      registers,
    })
    this.#firstOutput = new HistogramClass({
      name: 'ollama_proxy_upstream_time_to_first_byte_seconds',
      help: 'Time from sending a generation upstream to its first output (token or reasoning)',
      labelNames: ['backend', 'model'],
      buckets: firstOutputBuckets,
      registers,
    })
    this.#duration = new HistogramClass({
      name: 'ollama_proxy_upstream_duration_seconds',
      help: 'Time from sending a generation upstream to the end of its stream (finished, failed or abandoned)',
      labelNames: ['backend', 'model'],
      buckets: durationBuckets,
      registers,
    })
    this.#tokens = new CounterClass({
      name: 'ollama_proxy_tokens_total',
      help: 'Tokens of generations, as the backend counted them: type input (prompt) or output (completion)',
      labelNames: ['backend', 'model', 'type'],
      registers,
    })
    this.#activeStreams = new GaugeClass({
      name: 'ollama_proxy_active_streams',
      help: 'Generations streaming from a backend now',
      labelNames: ['backend'],
      registers,
    })
    this.#upstreamErrors = new CounterClass({
      name: 'ollama_proxy_upstream_errors_total',
      help: 'Failed backend calls, by kind (the error_kind of the request log): rate_limited, upstream_timeout, upstream_unreachable, upstream_error, upstream_auth, upstream_rejected, upstream_invalid, upstream_closed, …',
      labelNames: ['backend', 'kind'],
      registers,
    })
    this.#fallbacks = new CounterClass({
      name: 'ollama_proxy_fallbacks_total',
      help: 'Requests moved on to the next route of their chain, by reason: the kind of failure, or circuit_open / retry_after for a backend passed over',
      labelNames: ['from', 'to', 'reason'],
      registers,
    })
    this.#circuitOpens = new CounterClass({
      name: 'ollama_proxy_circuit_breaker_opens_total',
      help: 'Times a backend was taken out of routing after failing repeatedly',
      labelNames: ['backend'],
      registers,
    })
    this.#reloads = new CounterClass({
      name: 'ollama_proxy_config_reloads_total',
      help: 'Config file reloads (SIGHUP, --watch-config), by result: success or failure',
      labelNames: ['result'],
      registers,
    })
    new GaugeClass({
      name: 'ollama_proxy_circuit_breaker_state',
      help: "Each backend's circuit: 0 closed (in use), 1 open (skipped), 2 half open (one request tries it)",
      labelNames: ['backend'],
      registers,
      collect() {
        this.reset()
        for (const { backend } of backends()) {
          this.set({ backend: backend.id }, circuitValue[backend.breaker.state()])
        }
      },
    })
    new GaugeClass({
      name: 'ollama_proxy_backend_up',
      help: 'Whether a backend has a model list (1) or is left out of the merged list (0)',
      labelNames: ['backend'],
      registers,
      collect() {
        this.reset()
        for (const status of backends()) {
          this.set({ backend: status.backend.id }, status.available ? 1 : 0)
        }
      },
    })
    new GaugeClass({
      name: 'process_resident_memory_bytes',
      help: 'Resident memory size in bytes',
      registers,
      collect() {
        this.set(process.memoryUsage.rss())
      },
    })
    new GaugeClass({
      name: 'process_heap_used_bytes',
      help: 'JavaScript heap in use, in bytes',
      registers,
      collect() {
        this.set(process.memoryUsage().heapUsed)
      },
    })
  }

  request({ surface, route, status, served, seconds }: RequestRecord): void {
    this.#requests.inc({
      surface,
      route,
      status: String(status),
      backend: served?.backend.id ?? '',
      model: served ? (served.known ? served.name : 'unlisted') : '',
    })
    this.#requestSeconds.observe({ surface, route }, seconds)
  }

  streamOpened(route: ModelRoute): void {
    this.#activeStreams.inc({ backend: route.backend.id })
  }

  firstOutput(route: ModelRoute, seconds: number): void {
    this.#firstOutput.observe({ backend: route.backend.id, model: modelLabel(route) }, seconds)
  }

  /** A generation's stream ended: its duration, its token usage, and how it failed if it did. */
  streamClosed(
    route: ModelRoute,
    seconds: number,
    usage: TokenUsage | undefined,
    failure: ErrorKind | undefined,
  ): void {
    const backend = route.backend.id
    const model = modelLabel(route)
    this.#activeStreams.dec({ backend })
    this.#duration.observe({ backend, model }, seconds)
    if (usage) {
      this.#tokens.inc({ backend, model, type: 'input' }, usage.promptTokens)
      this.#tokens.inc({ backend, model, type: 'output' }, usage.completionTokens)
    }
    if (failure) this.upstreamError(route, failure)
  }

  upstreamError(route: ModelRoute, kind: ErrorKind): void {
    this.#upstreamErrors.inc({ backend: route.backend.id, kind })
  }

  fallback(from: ModelRoute, to: ModelRoute, reason: FallbackReason): void {
    this.#fallbacks.inc({ from: from.backend.id, to: to.backend.id, reason })
  }

  circuitOpened(route: ModelRoute): void {
    this.#circuitOpens.inc({ backend: route.backend.id })
  }

  configReloaded(result: 'success' | 'failure'): void {
    this.#reloads.inc({ result })
  }

  /** The exposition, in Prometheus text format (content type `contentType`). */
  render(): Promise<string> {
    return this.registry.metrics()
  }

  get contentType(): string {
    return this.registry.contentType
  }
}
