import { OllamaError } from '../errors/ollama-error.ts'
import { toOllamaError } from '../errors/to-ollama-error.ts'
import type { Logger } from '../log/logger.ts'
import { findUpstreamModel, indexModelsById } from '../translate/find-upstream-model.ts'
import type { Upstream, UpstreamModel } from '../upstream/upstream.ts'

export interface ModelCatalogOptions {
  upstream: Upstream
  /** How long a fetched model list is used before it is fetched again. */
  ttlMs: number
  /** Model ids to offer instead of asking the upstream (`MODELS`). */
  staticModels: readonly string[]
  logger: Logger
  now?: () => number
}

interface CachedList {
  models: UpstreamModel[]
  byId: Map<string, UpstreamModel>
  fetchedAt: number
}

/**
 * The models the upstream offers, fetched from its `/models` and cached for a TTL. Concurrent
 * requests share one fetch. Once a list is known, an expired one is still served while a fresh one
 * is fetched in the background (stale-while-revalidate), so a slow or failing `/models` never
 * holds up requests; a failed refresh is tried again after another TTL.
 */
export class ModelCatalog {
  readonly #options: ModelCatalogOptions
  readonly #now: () => number
  #cached: CachedList | undefined
  #refreshing: Promise<CachedList> | undefined

  constructor(options: ModelCatalogOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
    if (options.staticModels.length > 0) {
      this.#cached = toCachedList(
        options.staticModels.map((id) => ({ id })),
        Number.POSITIVE_INFINITY,
      )
    }
  }

  async list(): Promise<UpstreamModel[]> {
    return (await this.#current()).models
  }

  /** The upstream model for a client's model name; 400 when none is given, 404 when unknown. */
  async resolve(name: string | undefined): Promise<UpstreamModel> {
    if (!name?.trim()) throw OllamaError.modelRequired()
    const model = findUpstreamModel((await this.#current()).byId, name)
    if (model === undefined) throw OllamaError.modelNotFound(name)
    return model
  }

  async #current(): Promise<CachedList> {
    const cached = this.#cached
    if (cached && this.#now() - cached.fetchedAt < this.#options.ttlMs) return cached
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined
    })
    return cached ?? this.#refreshing
  }

  async #refresh(): Promise<CachedList> {
    try {
      const models = await this.#options.upstream.listModels()
      this.#cached = toCachedList(models, this.#now())
      return this.#cached
    } catch (error) {
      const failure = toOllamaError(error)
      if (this.#cached === undefined) throw failure
      this.#options.logger.warn('model list refresh failed; serving the previous list', {
        error: failure.message,
      })
      // Try again after another TTL rather than on every request while the upstream is down.
      this.#cached = { ...this.#cached, fetchedAt: this.#now() }
      return this.#cached
    }
  }
}

function toCachedList(models: UpstreamModel[], fetchedAt: number): CachedList {
  return { models, byId: indexModelsById(models), fetchedAt }
}
