import type { ModelRoute, ModelRouter } from '../backends/model-router.ts'
import { toOllamaError } from '../errors/to-ollama-error.ts'
import type { Logger } from '../log/logger.ts'
import { defaultKeepAliveMs, type ModelActivity } from '../services/model-activity.ts'
import { ChatStreamReader } from '../translate/chat-stream-reader.ts'
import { CompletionStreamReader } from '../translate/completion-stream-reader.ts'
import { toOpenAIChatRequest } from '../translate/to-openai-chat-request.ts'
import { toOpenAICompletionRequest } from '../translate/to-openai-completion-request.ts'
import type { GenerationBatch } from './generation-event.ts'
import type { GenerationRequest } from './generation-request.ts'
import { prefetchFirst } from './prefetch-first.ts'
import { readGeneration } from './read-generation.ts'

export interface GenerationPipelineOptions {
  router: ModelRouter
  activity: ModelActivity
  logger: Logger
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
 * model name is resolved to routes; the first route is asked and its stream read into generation
 * batches; a failure before any output moves on to the next route when it is worth retrying.
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
    const routes = await this.#options.router.resolve(request.model)
    this.#options.activity.touch(routes[0]?.name ?? '', request.keepAliveMs ?? defaultKeepAliveMs)
    for (let attempt = 0; ; attempt++) {
      const route = routes[attempt] as ModelRoute
      try {
        return await this.#startOn(route, request, signal, receivedAt, firstOutputWaitMs)
      } catch (error) {
        const failure = toOllamaError(error, { model: request.model })
        const next = routes[attempt + 1]
        if (next === undefined || !isWorthRetrying(failure.status) || signal.aborted) throw failure
        this.#options.logger.warn('falling back to the next backend', {
          model: request.model,
          from: `${route.backend.id}/${route.model.id}`,
          to: `${next.backend.id}/${next.model.id}`,
          status: failure.status,
          reason: failure.message,
        })
      }
    }
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
    const onOutput = () => {
      timings.firstOutputAt = this.#now()
    }
    const batches =
      request.kind === 'chat'
        ? readGeneration(
            await upstream.stream(
              '/chat/completions',
              toOpenAIChatRequest(request, route.model.id, profile),
              signal,
            ),
            new ChatStreamReader({ keepThinking: request.think !== false }),
            onOutput,
          )
        : readGeneration(
            await upstream.stream(
              '/completions',
              toOpenAICompletionRequest(request, route.model.id, profile),
              signal,
            ),
            new CompletionStreamReader(),
            onOutput,
          )
    return {
      route,
      batches: await prefetchFirst(batches, firstOutputWaitMs),
      timings,
      now: this.#now,
    }
  }
}

/** Failures another backend may not have: rate limits, upstream errors, timeouts, unreachable. */
function isWorthRetrying(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504
}
