import { APIError } from 'openai/core/error'
import { OllamaError } from '../errors/ollama-error.ts'
import { toOllamaError } from '../errors/to-ollama-error.ts'
import type { Logger } from '../log/logger.ts'
import { indexModelsById } from '../translate/find-upstream-model.ts'
import type { Upstream, UpstreamModel } from '../upstream/upstream.ts'

export interface ModelCatalogOptions {
  upstream: Upstream
  /** How long a fetched model list is used before it is fetched again. */
  ttlMs: number
  /** Model ids to offer instead of asking the upstream (`MODELS`, a backend's `models`). */
  staticModels: readonly string[]
  /** Which of the listed models to offer (include/exclude globs); all by default. */
  offers?: (id: string) => boolean
  /** How long to wait before asking again after a failure with no list to fall back on. */
  retryMs?: number
  logger: Logger
  /** Clock in milliseconds. */
  now?: () => number
}

/** What a catalog knows at one moment. */
export interface CatalogState {
  /** The models offered: the last good list (empty when there never was one). */
  models: readonly UpstreamModel[]
  byId: ReadonlyMap<string, UpstreamModel>
  /** Whether there is a list at all: false while the backend has never answered with one. */
  available: boolean
  /** Why the last fetch failed, until one succeeds. */
  error?: OllamaError
  /** Until when (on the catalog's clock) this state is used without asking again. */
  expiresAt: number
}

const noModels: CatalogState = { models: [], byId: new Map(), available: false, expiresAt: 0 }

/**
 * The models one backend offers, fetched from its `/models` and cached for a TTL. Concurrent
 * callers share one fetch. Once a list is known, an expired one is still served while a fresh one
 * is fetched in the background (stale-while-revalidate), so a slow or failing `/models` never holds
 * up requests; when a refresh fails, the last good list keeps being served (and the failure is
 * reported). With no list to fall back on, the failure is the state until `retryMs` has passed, so
 * that a backend that is down costs one wait per `retryMs`, not one per request.
 */
export class ModelCatalog {
  readonly #options: ModelCatalogOptions
  readonly #now: () => number
  readonly #offers: (id: string) => boolean
  #state: CatalogState = noModels
  #refreshing: Promise<CatalogState> | undefined

  constructor(options: ModelCatalogOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
    this.#offers = options.offers ?? (() => true)
    if (options.staticModels.length > 0) {
      this.#state = this.#listed(
        options.staticModels.map((id) => ({ id })),
        Number.POSITIVE_INFINITY,
      )
    }
  }

  /** What the catalog knows now, fresh or not. */
  state(): CatalogState {
    return this.#state
  }

  /** The state while it is fresh; undefined once it is time to ask the backend again. */
  fresh(): CatalogState | undefined {
    return this.#now() < this.#state.expiresAt ? this.#state : undefined
  }

  /**
   * The state: fresh, or a known list while a new one is fetched, or (with no list yet) once the
   * backend has answered. Never rejects: failures are in `error`.
   */
  current(): Promise<CatalogState> {
    const fresh = this.fresh()
    if (fresh) return Promise.resolve(fresh)
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined
    })
    return this.#state.available ? Promise.resolve(this.#state) : this.#refreshing
  }

  async #refresh(): Promise<CatalogState> {
    try {
      const models = await this.#options.upstream.listModels()
      this.#state = this.#listed(models, this.#now() + this.#options.ttlMs)
    } catch (error) {
      const failure = toListFailure(error)
      const previous = this.#state
      if (previous.available) {
        this.#options.logger.warn('model list refresh failed; serving the previous list', {
          upstream: this.#options.upstream.label,
          error: failure.message,
        })
      }
      // Ask again after another TTL (or retryMs without a list), not on every request.
      const wait = previous.available ? this.#options.ttlMs : (this.#options.retryMs ?? 5_000)
      this.#state = { ...previous, error: failure, expiresAt: this.#now() + wait }
    }
    return this.#state
  }

  #listed(models: UpstreamModel[], expiresAt: number): CatalogState {
    const offered = models.filter((model) => this.#offers(model.id))
    return { models: offered, byId: indexModelsById(offered), available: true, expiresAt }
  }
}

/** Upstream errors as the client would see them; anything else (an unreadable answer) as garbage. */
function toListFailure(error: unknown): OllamaError {
  if (error instanceof OllamaError || error instanceof APIError) return toOllamaError(error)
  return new OllamaError(502, 'the upstream sent an invalid model list', { cause: error })
}
