import { type ErrorKind, OllamaError } from '../errors/ollama-error.ts'
import { toOllamaError } from '../errors/to-ollama-error.ts'
import type { Logger } from '../log/logger.ts'
import type { ProxyMetrics } from '../metrics/proxy-metrics.ts'
import { backoffMs } from '../upstream/backoff-ms.ts'
import { pause } from '../upstream/pause.ts'
import type { Unavailable } from './circuit-breaker.ts'
import type { ModelRoute } from './model-router.ts'
import { retryAfterMs } from './retry-after-ms.ts'

export interface FallbackChainOptions {
  logger: Logger
  metrics: ProxyMetrics
  /** The route each request is being served by, by its signal (for the request's metrics). */
  served: WeakMap<AbortSignal, ModelRoute>
  /** Wall clock in ms (HTTP dates in Retry-After). */
  now?: () => number
  /** Waits before a retry; `Bun.sleep` by default (tests pass a recorder). */
  sleep?: (ms: number) => Promise<void>
}

/**
 * Failures another backend may not have: rate limits, upstream errors (5xx, refused
 * credentials), timeouts, unreachable. A 4xx is about the request itself: the same elsewhere.
 */
export function isBackendFailure(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504
}

/** Why a request moved on from a route: how its call failed, or why it was passed over. */
export type FallbackReason = ErrorKind | Unavailable['reason']

/**
 * Runs a call on the routes of a request in order: a backend failure (`isBackendFailure`) before
 * the call returns moves on to the next route, logged with its reason. Each backend's circuit
 * breaker hears of every outcome; a route whose backend is failing repeatedly (circuit open) or
 * asked to wait (Retry-After) is passed over while another route can be tried, and tried last
 * otherwise: with one route, or when the others failed too, the answer is never worse than what
 * the backend itself says. A backend that closed the connection after its headers but before any
 * output is asked again first, up to its `maxRetries` (the guarded fetch retries failures before
 * headers); nothing has reached the client yet.
 */
export class FallbackChain {
  readonly #options: FallbackChainOptions
  readonly #now: () => number

  constructor(options: FallbackChainOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
  }

  async run<T>(
    routes: readonly ModelRoute[],
    signal: AbortSignal,
    call: (route: ModelRoute) => Promise<T>,
  ): Promise<T> {
    const passedOver: ModelRoute[] = []
    let previous: { route: ModelRoute; reason: FallbackReason; failure?: OllamaError } | undefined
    const attempts = routes.map((route) => ({ route, lastResort: false, retry: 0 }))
    for (let index = 0; index < attempts.length; index++) {
      const { route, lastResort, retry } = attempts[index] as (typeof attempts)[number]
      const unavailable = lastResort ? undefined : route.backend.breaker.acquire(route.model.id)
      if (unavailable) {
        passedOver.push(route)
        attempts.push({ route, lastResort: true, retry })
        previous ??= { route, reason: unavailable.reason }
        continue
      }
      if (previous && previous.route !== route) this.#fellBack(previous, route, passedOver)
      const outcome = await this.#attempt(route, signal, call)
      if (!(outcome instanceof OllamaError)) return outcome.result
      previous = { route, reason: outcome.kind, failure: outcome }
      if (outcome.kind === 'upstream_closed' && retry < route.backend.maxRetries) {
        await this.#beforeRetry(route, outcome, retry, signal)
        attempts.splice(index + 1, 0, { route, lastResort: true, retry: retry + 1 })
      }
    }
    // Every route was tried (those passed over last): the last failure is the answer.
    throw previous?.failure as OllamaError
  }

  /** One call: its result, or the backend failure to move on from (anything else is thrown). */
  async #attempt<T>(
    route: ModelRoute,
    signal: AbortSignal,
    call: (route: ModelRoute) => Promise<T>,
  ): Promise<{ result: T } | OllamaError> {
    const { metrics, logger, served } = this.#options
    const { breaker } = route.backend
    served.set(signal, route)
    try {
      const result = await call(route)
      this.#succeeded(route)
      return { result }
    } catch (error) {
      const failure = toOllamaError(error, { model: route.name })
      if (signal.aborted) {
        breaker.released()
        throw failure
      }
      metrics.upstreamError(route, failure.kind)
      if (!isBackendFailure(failure.status)) {
        this.#succeeded(route)
        throw failure
      }
      if (breaker.failed(route.model.id, retryAfterMs(failure, this.#now()))) {
        metrics.circuitOpened(route)
        logger.warn('backend failing repeatedly: passed over until its cool-down has passed', {
          backend: route.backend.id,
          error: failure.message,
        })
      }
      return failure
    }
  }

  async #beforeRetry(
    route: ModelRoute,
    failure: OllamaError,
    retry: number,
    signal: AbortSignal,
  ): Promise<void> {
    this.#options.logger.info('retrying: the upstream failed before any output', {
      backend: route.backend.id,
      retry: retry + 1,
      error: failure.message,
    })
    await pause(backoffMs(retry), signal, this.#options.sleep)
  }

  #fellBack(
    from: { route: ModelRoute; reason: FallbackReason; failure?: OllamaError },
    to: ModelRoute,
    passedOver: ModelRoute[],
  ): void {
    this.#options.metrics.fallback(from.route, to, from.reason)
    this.#options.logger.warn('falling back to the next backend', {
      model: to.name,
      from: `${from.route.backend.id}/${from.route.model.id}`,
      to: `${to.backend.id}/${to.model.id}`,
      reason: from.reason,
      ...(from.failure && { status: from.failure.status, error: from.failure.message }),
      ...(passedOver.length > 0 && { passed_over: passedOver.map((route) => route.backend.id) }),
    })
  }

  #succeeded(route: ModelRoute): void {
    if (route.backend.breaker.succeeded()) {
      this.#options.logger.info('backend answering again: back in use', {
        backend: route.backend.id,
      })
    }
  }
}
