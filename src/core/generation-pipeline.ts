import type { FallbackChain } from '../backends/fallback-chain.ts'
import type { ModelRoute, ModelRouter } from '../backends/model-router.ts'
import { toOllamaError } from '../errors/to-ollama-error.ts'
import type { ProxyMetrics } from '../metrics/proxy-metrics.ts'
import { defaultKeepAliveMs, type ModelActivity } from '../services/model-activity.ts'
import { ChatStreamReader } from '../translate/chat-stream-reader.ts'
import { CompletionStreamReader } from '../translate/completion-stream-reader.ts'
import { toOpenAIChatRequest } from '../translate/to-openai-chat-request.ts'
import { toOpenAICompletionRequest } from '../translate/to-openai-completion-request.ts'
import type { GenerationBatch } from './generation-event.ts'
import type { GenerationRequest } from './generation-request.ts'
import { prefetchFirst } from './prefetch-first.ts'
import { type GenerationObserver, readGeneration } from './read-generation.ts'
import { withRouteDefaults } from './with-route-defaults.ts'

export interface GenerationPipelineOptions {
  router: ModelRouter
  activity: ModelActivity
  /** Tries the routes in order: fallbacks and circuit breakers. */
  chain: FallbackChain
  metrics: ProxyMetrics
  /** Monotonic clock in nanoseconds. */
  now?: () => number
}

/** Monotonic instants (ns) of one generation. */
export interface GenerationTimings {
  receivedAt: number
  upstreamStartedAt: number
  /** Set when the first output arrives. */
  firstOutputAt?: number
}

/** A generation under way: where it runs, its output, and its clock. */
export interface GenerationRun {
  route: ModelRoute
  batches: AsyncIterable<GenerationBatch>
  timings: GenerationTimings
  now: () => number
}

/**
 * The one path from a neutral generation request to a backend and back, for every surface: the
 * model name is resolved to routes (the request's `access` applies); the first route is asked,
 * with its alias defaults filled in, and its stream read into generation batches; a failure
 * before any output moves on to the next route (`FallbackChain`). Metrics are recorded here, once
 * per generation: at the first output and at the end (tokens from the end's usage).
 */
export class GenerationPipeline {
  readonly #options: GenerationPipelineOptions
  readonly #now: () => number

  constructor(options: GenerationPipelineOptions) {
    this.#options = options
    this.#now = options.now ?? Bun.nanoseconds
  }

  /**
   * Starts a generation; resolves once its first output has arrived, so that a failure before it
   * is thrown here, or after `firstOutputWaitMs` without one (surfaces with keep-alives start their
   * response then, and keep the connection alive while a model thinks in silence).
   */
  async start(
    request: GenerationRequest,
    signal: AbortSignal,
    firstOutputWaitMs = Number.POSITIVE_INFINITY,
  ): Promise<GenerationRun> {
    const receivedAt = this.#now()
    const routes = await this.#options.router.resolve(request.model, request.access)
    this.#options.activity.touch(routes[0]?.name ?? '', request.keepAliveMs ?? defaultKeepAliveMs)
    return this.#options.chain.run(routes, signal, (route) =>
      this.#startOn(
        route,
        withRouteDefaults(request, route.defaults),
        signal,
        receivedAt,
        firstOutputWaitMs,
      ),
    )
  }

  async #startOn(
    route: ModelRoute,
    request: GenerationRequest,
    signal: AbortSignal,
    receivedAt: number,
    firstOutputWaitMs: number,
  ): Promise<GenerationRun> {
    const { upstream, profile } = route.backend
    const timings: GenerationTimings = { receivedAt, upstreamStartedAt: this.#now() }
    const events =
      request.kind === 'chat'
        ? await upstream.stream(
            '/chat/completions',
            toOpenAIChatRequest(request, route.model.id, profile),
            signal,
          )
        : await upstream.stream(
            '/completions',
            toOpenAICompletionRequest(request, route.model.id, profile),
            signal,
          )
    const observer = this.#observe(route, timings)
    const batches =
      request.kind === 'chat'
        ? readGeneration(
            events,
            new ChatStreamReader({ keepThinking: request.think !== false }),
            observer,
          )
        : readGeneration(events, new CompletionStreamReader(), observer)
    const run = {
      route,
      batches: await prefetchFirst(batches, firstOutputWaitMs),
      timings,
      now: this.#now,
    }
    observer.handedOver = true
    return run
  }

  /** Timings and metrics of one generation on `route`, from the moment the backend accepted it. */
  #observe(
    route: ModelRoute,
    timings: GenerationTimings,
  ): GenerationObserver & { handedOver: boolean } {
    const { metrics } = this.#options
    const seconds = (since: number) => (this.#now() - since) / 1e9
    metrics.streamOpened(route)
    return {
      handedOver: false,
      output: () => {
        timings.firstOutputAt = this.#now()
        metrics.firstOutput(route, (timings.firstOutputAt - timings.upstreamStartedAt) / 1e9)
      },
      ended(end, error) {
        // A failure before the stream was handed over is the fallback chain's to count.
        const kind = error !== undefined && this.handedOver ? toOllamaError(error).kind : undefined
        const failure = kind === 'canceled' ? undefined : kind
        metrics.streamClosed(route, seconds(timings.upstreamStartedAt), end?.usage, failure)
      },
    }
  }
}
