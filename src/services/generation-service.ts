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
import {
  chatChunkLine,
  generateChunkLine,
  type OllamaChunkLine,
} from '../translate/ollama-chunk-line.ts'
import type {
  OllamaChunkFormatter,
  OllamaChunkPart,
  OllamaDone,
  OllamaLineFormatter,
} from '../translate/ollama-chunk-part.ts'
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

/** How one endpoint's chunks look: whole objects, and the text of a streamed delta line. */
interface ChunkShape<T> {
  format: OllamaChunkFormatter<T>
  line: OllamaLineFormatter
}

/** The chunk shape of one endpoint for the model the client named, stamped with the current time. */
function shapeFor<T>(
  model: string,
  toChunk: (model: string, createdAt: string, part: OllamaChunkPart, done?: OllamaDone) => T,
  chunkLineFor: (model: string) => OllamaChunkLine,
): ChunkShape<T> {
  const chunkLine = chunkLineFor(model)
  return {
    format: (part, done) => toChunk(model, isoTimestamp(), part, done),
    line: (part) => chunkLine(isoTimestamp(), part),
  }
}

/** /api/chat and /api/generate: Ollama requests in, OpenAI upstream calls out, Ollama replies back. */
export class GenerationService {
  readonly #options: GenerationServiceOptions
  readonly #now: () => number

  constructor(options: GenerationServiceOptions) {
    this.#options = options
    this.#now = options.now ?? Bun.nanoseconds
  }

  chat(request: ChatRequest, signal: AbortSignal): Promise<Reply<ChatResponse>> {
    const { upstream, profile } = this.#options
    return this.#generate(
      request,
      shapeFor(request.model ?? '', toOllamaChatChunk, chatChunkLine),
      !request.messages?.length,
      async (model) => {
        const params = toOpenAIChatRequest(request, model.id, profile)
        const batches = await upstream.streamChat(params, signal)
        return { batches, reader: new ChatStreamReader({ keepThinking: request.think !== false }) }
      },
    )
  }

  generate(request: GenerateRequest, signal: AbortSignal): Promise<Reply<GenerateResponse>> {
    const { upstream, profile } = this.#options
    const nothingToGenerate = !request.prompt && !request.suffix
    return this.#generate(
      request,
      shapeFor(request.model ?? '', toOllamaGenerateChunk, generateChunkLine),
      nothingToGenerate,
      async (model): Promise<Generation<unknown>> => {
        if (needsCompletionEndpoint(request)) {
          const params = toOpenAICompletionRequest(request, model.id, profile)
          const batches = await upstream.streamCompletion(params, signal)
          return { batches, reader: new CompletionStreamReader() }
        }
        const params = toOpenAIChatRequest(toChatRequest(request), model.id, profile)
        const batches = await upstream.streamChat(params, signal)
        return { batches, reader: new ChatStreamReader({ keepThinking: request.think !== false }) }
      },
    )
  }

  /**
   * Resolves the model, answers a request with nothing to generate as a (un)load, else starts the
   * upstream stream and replies from it: streamed (prefetching the first line, so that a failure
   * before any output is still an HTTP error), or assembled into one answer.
   */
  async #generate<Chunk, T>(
    request: ChatRequest | GenerateRequest,
    shape: ChunkShape<T>,
    nothingToGenerate: boolean,
    start: (model: UpstreamModel) => Promise<Generation<Chunk>>,
  ): Promise<Reply<T>> {
    const receivedAt = this.#now()
    try {
      const { model, keepAliveMs } = await useModel(
        this.#options.catalog,
        this.#options.activity,
        request,
      )
      if (nothingToGenerate) return shape.format({ content: '' }, loadState(keepAliveMs))
      const upstreamStartedAt = this.#now()
      const { batches, reader } = await start(model)
      const clock = { receivedAt, upstreamStartedAt, now: this.#now }
      if (request.stream === false)
        return await collectOllamaAnswer(batches, reader, shape.format, clock)
      const lines = streamOllamaLines(batches, reader, shape.format, clock, shape.line)
      return new NdjsonStream(await prefetchFirst(lines))
    } catch (error) {
      throw toOllamaError(error, { model: request.model })
    }
  }
}

/** Ollama's answer to a request with nothing to generate: the model is loaded, or unloaded. */
function loadState(keepAliveMs: number) {
  return { doneReason: keepAliveMs === 0 ? 'unload' : 'load' }
}
