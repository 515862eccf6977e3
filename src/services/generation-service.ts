import { toOllamaError } from '../errors/to-ollama-error.ts'
import type {
  ChatRequest,
  ChatResponse,
  GenerateRequest,
  GenerateResponse,
} from '../ollama/schemas.ts'
import type { GenerationEvent } from '../translate/generation-event.ts'
import type { OllamaChunkFormatter } from '../translate/ollama-chunk-part.ts'
import { readOpenAIChatStream } from '../translate/read-openai-chat-stream.ts'
import { readOpenAICompletionStream } from '../translate/read-openai-completion-stream.ts'
import { toChatRequest } from '../translate/to-chat-request.ts'
import { toOllamaChatChunk } from '../translate/to-ollama-chat-chunk.ts'
import { toOllamaGenerateChunk } from '../translate/to-ollama-generate-chunk.ts'
import { toOpenAIChatRequest } from '../translate/to-openai-chat-request.ts'
import {
  needsCompletionEndpoint,
  toOpenAICompletionRequest,
} from '../translate/to-openai-completion-request.ts'
import type { Upstream, UpstreamModel } from '../upstream/upstream.ts'
import type { UpstreamProfile } from '../upstream/upstream-profile.ts'
import { collectOllamaAnswer, streamOllamaChunks } from './generation-replies.ts'
import type { ModelActivity } from './model-activity.ts'
import type { ModelCatalog } from './model-catalog.ts'
import { prefetchFirst } from './prefetch-first.ts'
import { useModel } from './use-model.ts'

/** A generation reply: one JSON object, or a stream of them (NDJSON). */
export type Reply<T> = T | AsyncIterable<T>

export interface GenerationServiceOptions {
  upstream: Upstream
  catalog: ModelCatalog
  activity: ModelActivity
  profile: UpstreamProfile
  /** Monotonic clock in nanoseconds. */
  now?: () => number
}

/** /api/chat and /api/generate: Ollama requests in, OpenAI upstream calls out, Ollama replies back. */
export class GenerationService {
  readonly #options: GenerationServiceOptions
  readonly #now: () => number

  constructor(options: GenerationServiceOptions) {
    this.#options = options
    this.#now = options.now ?? Bun.nanoseconds
  }

  async chat(request: ChatRequest, signal: AbortSignal): Promise<Reply<ChatResponse>> {
    const receivedAt = this.#now()
    const format: OllamaChunkFormatter<ChatResponse> = (part, done) =>
      toOllamaChatChunk(request.model ?? '', new Date().toISOString(), part, done)
    try {
      const { model, keepAliveMs } = await useModel(
        this.#options.catalog,
        this.#options.activity,
        request,
      )
      if (!request.messages?.length) return format({ content: '' }, loadState(keepAliveMs))
      const params = toOpenAIChatRequest(request, model.id, this.#options.profile)
      const upstreamStartedAt = this.#now()
      const chunks = await this.#options.upstream.streamChat(params, signal)
      const events = readOpenAIChatStream(chunks, { keepThinking: request.think !== false })
      return await this.#reply(events, format, request.stream, { receivedAt, upstreamStartedAt })
    } catch (error) {
      throw toOllamaError(error, { model: request.model })
    }
  }

  async generate(request: GenerateRequest, signal: AbortSignal): Promise<Reply<GenerateResponse>> {
    const receivedAt = this.#now()
    const format: OllamaChunkFormatter<GenerateResponse> = (part, done) =>
      toOllamaGenerateChunk(request.model ?? '', new Date().toISOString(), part, done)
    try {
      const { model, keepAliveMs } = await useModel(
        this.#options.catalog,
        this.#options.activity,
        request,
      )
      if (!request.prompt && !request.suffix) return format({ content: '' }, loadState(keepAliveMs))
      const upstreamStartedAt = this.#now()
      const events = await this.#startGeneration(request, model, signal)
      return await this.#reply(events, format, request.stream, { receivedAt, upstreamStartedAt })
    } catch (error) {
      throw toOllamaError(error, { model: request.model })
    }
  }

  async #startGeneration(
    request: GenerateRequest,
    model: UpstreamModel,
    signal: AbortSignal,
  ): Promise<AsyncIterable<GenerationEvent>> {
    const { upstream, profile } = this.#options
    if (needsCompletionEndpoint(request)) {
      const params = toOpenAICompletionRequest(request, model.id, profile)
      return readOpenAICompletionStream(await upstream.streamCompletion(params, signal))
    }
    const params = toOpenAIChatRequest(toChatRequest(request), model.id, profile)
    const chunks = await upstream.streamChat(params, signal)
    return readOpenAIChatStream(chunks, { keepThinking: request.think !== false })
  }

  async #reply<T>(
    events: AsyncIterable<GenerationEvent>,
    format: OllamaChunkFormatter<T>,
    stream: boolean | undefined,
    started: { receivedAt: number; upstreamStartedAt: number },
  ): Promise<Reply<T>> {
    const clock = { ...started, now: this.#now }
    if (stream === false) return collectOllamaAnswer(events, format, clock)
    return prefetchFirst(streamOllamaChunks(events, format, clock))
  }
}

/** Ollama's answer to a request with nothing to generate: the model is loaded, or unloaded. */
function loadState(keepAliveMs: number) {
  return { doneReason: keepAliveMs === 0 ? 'unload' : 'load' }
}
