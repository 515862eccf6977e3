import type { ModelAccess, ModelRouter } from '../backends/model-router.ts'
import { collectGeneration } from '../core/collect-generation.ts'
import { encodeStream } from '../core/encode-stream.ts'
import type { GenerationPipeline } from '../core/generation-pipeline.ts'
import type { GenerationRequest } from '../core/generation-request.ts'
import { toOllamaError } from '../errors/to-ollama-error.ts'
import type {
  ChatRequest,
  ChatResponse,
  GenerateRequest,
  GenerateResponse,
} from '../ollama/schemas.ts'
import { fromOllamaChat } from '../translate/from-ollama-chat.ts'
import { fromOllamaGenerate } from '../translate/from-ollama-generate.ts'
import {
  createOllamaEncoder,
  type OllamaEndpoint,
  type OllamaReplyOptions,
  toOllamaAnswer,
  toOllamaLoadAnswer,
} from '../translate/ollama-stream-encoder.ts'
import type { ModelActivity } from './model-activity.ts'
import { NdjsonStream, type Reply } from './ndjson-stream.ts'
import { useModel } from './use-model.ts'

export interface GenerationServiceOptions {
  pipeline: GenerationPipeline
  router: ModelRouter
  activity: ModelActivity
}

/** /api/chat and /api/generate: Ollama requests through the generation pipeline, Ollama replies back. */
export class GenerationService {
  readonly #options: GenerationServiceOptions

  constructor(options: GenerationServiceOptions) {
    this.#options = options
  }

  chat(
    request: ChatRequest,
    signal: AbortSignal,
    access?: ModelAccess,
  ): Promise<Reply<ChatResponse>> {
    const options = { endpoint: 'chat' as const, model: request.model ?? '', withContext: false }
    if (!request.messages?.length) return this.#load(options.endpoint, request, access)
    return this.#reply(options, () => fromOllamaChat(request), request.stream, signal, access)
  }

  generate(
    request: GenerateRequest,
    signal: AbortSignal,
    access?: ModelAccess,
  ): Promise<Reply<GenerateResponse>> {
    const options = {
      endpoint: 'generate' as const,
      model: request.model ?? '',
      withContext: request.raw !== true,
    }
    if (!request.prompt && !request.suffix) return this.#load(options.endpoint, request, access)
    return this.#reply(options, () => fromOllamaGenerate(request), request.stream, signal, access)
  }

  /** A request with nothing to generate loads (or, with keep_alive 0, unloads) the model. */
  async #load<T>(
    endpoint: OllamaEndpoint,
    request: { model?: string; keep_alive?: number | string },
    access: ModelAccess | undefined,
  ): Promise<T> {
    try {
      const { router, activity } = this.#options
      const { keepAliveMs } = await useModel(router, activity, request, access)
      return toOllamaLoadAnswer(endpoint, request.model ?? '', keepAliveMs) as T
    } catch (error) {
      throw toOllamaError(error, { model: request.model })
    }
  }

  /** Streamed (from the first output on), or assembled into one answer when stream is false. */
  async #reply<T>(
    options: OllamaReplyOptions,
    toRequest: () => GenerationRequest,
    stream: boolean | undefined,
    signal: AbortSignal,
    access: ModelAccess | undefined,
  ): Promise<Reply<T>> {
    try {
      const run = await this.#options.pipeline.start({ ...toRequest(), access }, signal)
      if (stream === false) {
        return toOllamaAnswer(options, run, await collectGeneration(run.batches)) as T
      }
      return new NdjsonStream(encodeStream(run.batches, createOllamaEncoder(options, run)))
    } catch (error) {
      throw toOllamaError(error, { model: options.model })
    }
  }
}
