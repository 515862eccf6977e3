import { OllamaError } from '../errors/ollama-error.ts'
import type { Logger } from '../log/logger.ts'
import type { CatalogState } from './model-catalog.ts'
import type { BackendStatus, ModelAccess, ModelRoute, ModelRouter } from './model-router.ts'
import type { ModelIndex, RoutingTable } from './routing-table.ts'

/**
 * The router of a running server: it routes over the current `RoutingTable` (swapped whole on
 * reload; requests under way keep the routes they have) and its backends' model lists, merged
 * into one index that is rebuilt only when a list changes. A backend whose list cannot be had is
 * left out (and said so, once) instead of failing the request; a name two backends offer goes to
 * the first, and that is said once per table.
 */
export class BackendRouter implements ModelRouter {
  readonly #logger: Logger
  #table: RoutingTable
  #index: ModelIndex | undefined
  readonly #reported = new Set<string>()
  /** Backends currently reported as left out, by id. */
  readonly #leftOut = new Set<string>()

  constructor(table: RoutingTable, logger: Logger) {
    this.#table = table
    this.#logger = logger
  }

  get table(): RoutingTable {
    return this.#table
  }

  /** Routes new requests over `table` from now on. */
  replace(table: RoutingTable): void {
    this.#table = table
    this.#index = undefined
    this.#reported.clear()
  }

  /** What the client key of this name may use (undefined: everything). */
  accessOf(client: string | undefined): ModelAccess | undefined {
    return client === undefined ? undefined : this.#table.clients.get(client)
  }

  async resolve(name: string | undefined, access?: ModelAccess): Promise<ModelRoute[]> {
    if (!name?.trim()) throw OllamaError.modelRequired()
    const routes = (await this.#current()).resolve(name)
    if (access === undefined) return routes
    const allowed = routes.filter(access)
    // Not for this client: as if it did not exist (no hint, nothing to alias).
    if (allowed.length === 0) throw OllamaError.modelNotFound(name)
    return allowed
  }

  async list(access?: ModelAccess): Promise<ModelRoute[]> {
    const routes = (await this.#current()).list()
    return access === undefined ? routes : routes.filter(access)
  }

  backends(): BackendStatus[] {
    return this.#table.entries.map(({ backend, catalog }) => {
      const state = catalog.state()
      return {
        backend,
        available: state.available,
        models: state.models.length,
        ...(state.error && { error: state.error.message }),
      }
    })
  }

  /** The index over the current lists; when no backend has a list, the first one's failure. */
  async #current(): Promise<ModelIndex> {
    const index = this.#fresh() ?? (await this.#refreshed())
    if (index.failure) throw index.failure
    return index
  }

  /** The current index, when every list in it is still fresh. */
  #fresh(): ModelIndex | undefined {
    const index = this.#index
    if (index === undefined) return undefined
    const { entries } = this.#table
    for (let position = 0; position < entries.length; position++) {
      if (
        (entries[position] as (typeof entries)[number]).catalog.fresh() !== index.states[position]
      ) {
        return undefined
      }
    }
    return index
  }

  async #refreshed(): Promise<ModelIndex> {
    const table = this.#table
    const states = await Promise.all(table.entries.map((entry) => entry.catalog.current()))
    const current = this.#index
    if (table !== this.#table) return table.index(states)
    if (current && states.every((state, position) => state === current.states[position])) {
      return current
    }
    const index = table.index(states)
    this.#index = index
    this.#report(index, states)
    return index
  }

  /** Says once what changed: backends left out or back, names offered twice. */
  #report(index: ModelIndex, states: readonly CatalogState[]): void {
    this.#table.entries.forEach(({ backend }, position) => {
      const state = states[position] as CatalogState
      if (!state.available && !this.#leftOut.has(backend.id)) {
        this.#leftOut.add(backend.id)
        this.#logger.warn('backend left out of the model list: its list cannot be had', {
          backend: backend.id,
          error: state.error?.message,
        })
      } else if (state.available && this.#leftOut.delete(backend.id)) {
        this.#logger.info('backend back in the model list', { backend: backend.id })
      }
    })
    for (const collision of index.collisions) {
      const key = `${collision.name}\n${collision.alsoOfferedBy}`
      if (this.#reported.has(key)) continue
      this.#reported.add(key)
      this.#logger.warn('model offered by two backends; the first configured serves it', {
        model: collision.name,
        backend: collision.servedBy,
        ignored: collision.alsoOfferedBy,
      })
    }
  }
}
