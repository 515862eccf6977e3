import { toOllamaError } from '../errors/to-ollama-error.ts'
import type {
  ChatRequest,
  ChatResponse,
  GenerateRequest,
  GenerateResponse,
} from '../ollama/schemas.ts'
import { ChatStreamReader } from '../translate/chat-stream-reader.ts'
import { CompletionStreamReader } from '../translate/completion-stream-reader.ts'
import type { StreamReader } from '../translate/generation-event.ts'
import { isoTimestamp } from '../translate/iso-timestamp.ts'
import { chatChunkLine, generateChunkLine } from '../translate/ollama-chunk-line.ts'
import type { OllamaChunkFormatter, OllamaLineFormatter } from '../translate/ollama-chunk-part.ts'
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
import { collectOllamaAnswer, streamOllamaLines } from './generation-replies.ts'
import type { ModelActivity } from './model-activity.ts'
import type { ModelCatalog } from './model-catalog.ts'
import { NdjsonStream, type Reply } from './ndjson-stream.ts'
import { prefetchFirst } from './prefetch-first.ts'
import { useModel } from './use-model.ts'

export interface GenerationServiceOptions {
  upstream: Upstream
  catalog: ModelCatalog
  activity: ModelActivity
  profile: UpstreamProfile
  /** Monotonic clock in nanoseconds. */
  now?: () => number
}

/** An upstream stream, and the reader that makes sense of its chunks. */
interface Generation<Chunk> {
  batches: AsyncIterable<readonly Chunk[]>
  reader: StreamReader<Chunk>
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
      toOllamaChatChunk(request.model ?? '', isoTimestamp(), part, done)
    const chunkLine = chatChunkLine(request.model ?? '')
    const line: OllamaLineFormatter = (part) => chunkLine(isoTimestamp(), part)
    try {
      const { model, keepAliveMs } = await useModel(
        this.#options.catalog,
        this.#options.activity,
        request,
      )
      if (!request.messages?.length) return format({ content: '' }, loadState(keepAliveMs))
      const params = toOpenAIChatRequest(request, model.id, this.#options.profile)
      const upstreamStartedAt = this.#now()
      const batches = await this.#options.upstream.streamChat(params, signal)
      const reader = new ChatStreamReader({ keepThinking: request.think !== false })
      const started = { receivedAt, upstreamStartedAt }
      return await this.#reply({ batches, reader }, { format, line }, request.stream, started)
    } catch (error) {
      throw toOllamaError(error, { model: request.model })
    }
  }

  async generate(request: GenerateRequest, signal: AbortSignal): Promise<Reply<GenerateResponse>> {
    const receivedAt = this.#now()
    const format: OllamaChunkFormatter<GenerateResponse> = (part, done) =>
      toOllamaGenerateChunk(request.model ?? '', isoTimestamp(), part, done)
    const chunkLine = generateChunkLine(request.model ?? '')
    const line: OllamaLineFormatter = (part) => chunkLine(isoTimestamp(), part)
    try {
      const { model, keepAliveMs } = await useModel(
        this.#options.catalog,
        this.#options.activity,
        request,
      )
      if (!request.prompt && !request.suffix) return format({ content: '' }, loadState(keepAliveMs))
      const upstreamStartedAt = this.#now()
      const generation = await this.#startGeneration(request, model, signal)
      const started = { receivedAt, upstreamStartedAt }
      return await this.#reply(generation, { format, line }, request.stream, started)
    } catch (error) {
      throw toOllamaError(error, { model: request.model })
    }
  }

  async #startGeneration(
    request: GenerateRequest,
    model: UpstreamModel,
    signal: AbortSignal,
  ): Promise<Generation<unknown>> {
    const { upstream, profile } = this.#options
    if (needsCompletionEndpoint(request)) {
      const params = toOpenAICompletionRequest(request, model.id, profile)
      const batches = await upstream.streamCompletion(params, signal)
      return { batches, reader: new CompletionStreamReader() }
    }
    const params = toOpenAIChatRequest(toChatRequest(request), model.id, profile)
    const batches = await upstream.streamChat(params, signal)
    return { batches, reader: new ChatStreamReader({ keepThinking: request.think !== false }) }
  }

  async #reply<Chunk, T>(
    { batches, reader }: Generation<Chunk>,
    { format, line }: { format: OllamaChunkFormatter<T>; line: OllamaLineFormatter },
    stream: boolean | undefined,
    started: { receivedAt: number; upstreamStartedAt: number },
  ): Promise<Reply<T>> {
    const clock = { ...started, now: this.#now }
    if (stream === false) return collectOllamaAnswer(batches, reader, format, clock)
    const lines = streamOllamaLines(batches, reader, format, clock, line)
    return new NdjsonStream(await prefetchFirst(lines))
  }
}

/** Ollama's answer to a request with nothing to generate: the model is loaded, or unloaded. */
function loadState(keepAliveMs: number) {
  return { doneReason: keepAliveMs === 0 ? 'unload' : 'load' }
}
