import type { FallbackChain } from '../backends/fallback-chain.ts'
import type { ModelAccess, ModelRoute, ModelRouter } from '../backends/model-router.ts'
import { toOllamaError } from '../errors/to-ollama-error.ts'
import type {
  EmbeddingsRequest,
  EmbeddingsResponse,
  EmbedRequest,
  EmbedResponse,
} from '../ollama/schemas.ts'
import { normalizeEmbedding } from '../translate/normalize-embedding.ts'
import type { ModelActivity } from './model-activity.ts'
import { useModel } from './use-model.ts'

export interface EmbeddingServiceOptions {
  router: ModelRouter
  activity: ModelActivity
  /** For the circuit breakers and metrics; embeddings use their first route only (see `#embed`). */
  chain: FallbackChain
  now?: () => number
}

/** /api/embed and the legacy /api/embeddings, answered from the upstream /embeddings. */
export class EmbeddingService {
  readonly #options: EmbeddingServiceOptions
  readonly #now: () => number

  constructor(options: EmbeddingServiceOptions) {
    this.#options = options
    this.#now = options.now ?? Bun.nanoseconds
  }

  /** Unit-length vectors, cut to `dimensions` if asked; empty input is answered without a call. */
  async embed(
    request: EmbedRequest,
    signal: AbortSignal,
    access?: ModelAccess,
  ): Promise<EmbedResponse> {
    const receivedAt = this.#now()
    const model = request.model ?? ''
    try {
      const route = await this.#use(request, access)
      const inputs = typeof request.input === 'string' ? [request.input] : (request.input ?? [])
      if (inputs.length === 0 || request.input === '') return { model, embeddings: [] }
      const upstreamStartedAt = this.#now()
      const response = await this.#embed(route, inputs, signal)
      const embeddings = [...response.data]
        .sort((a, b) => a.index - b.index)
        .map((item) => normalizeEmbedding(item.embedding, request.dimensions))
      return {
        model,
        embeddings,
        total_duration: Math.round(this.#now() - receivedAt),
        load_duration: Math.max(1, Math.round(upstreamStartedAt - receivedAt)),
        ...(response.usage && { prompt_eval_count: response.usage.prompt_tokens }),
      }
    } catch (error) {
      throw toOllamaError(error, { model })
    }
  }

  /** The legacy endpoint: one vector, as the backend returned it (Ollama does not normalize it). */
  async embeddings(
    request: EmbeddingsRequest,
    signal: AbortSignal,
    access?: ModelAccess,
  ): Promise<EmbeddingsResponse> {
    try {
      const route = await this.#use(request, access)
      if (!request.prompt) return { embedding: [] }
      const response = await this.#embed(route, request.prompt, signal)
      return { embedding: response.data[0]?.embedding ?? [] }
    } catch (error) {
      throw toOllamaError(error, { model: request.model })
    }
  }

  /**
   * Vectors from the route's backend. No fallback: vectors of different models are not
   * comparable, so another model cannot stand in.
   */
  #embed(route: ModelRoute, input: string | string[], signal: AbortSignal) {
    return this.#options.chain.run([route], signal, (chosen) =>
      chosen.backend.upstream.embed(
        { model: chosen.model.id, input, encoding_format: 'float' },
        signal,
      ),
    )
  }

  async #use(
    request: EmbedRequest | EmbeddingsRequest,
    access: ModelAccess | undefined,
  ): Promise<ModelRoute> {
    return (await useModel(this.#options.router, this.#options.activity, request, access)).route
  }
}
