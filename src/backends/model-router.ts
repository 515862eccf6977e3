import type { UpstreamModel } from '../upstream/upstream.ts'
import type { Backend } from './backend.ts'
import type { RouteDefaults } from './routing-spec.ts'

/** Where a model name is served: the backend, and the model as that backend lists it. */
export interface ModelRoute {
  /** The name clients see and use for it: a listed name or an alias (the same for fallbacks). */
  readonly name: string
  readonly backend: Backend
  readonly model: UpstreamModel
  /**
   * Whether the name and model come from the configuration or a backend's list: false for a name
   * routed by its prefix to a backend whose list is unavailable, which is the client's own text
   * (metrics do not use it as a label).
   */
  readonly known: boolean
  /** Default options of the alias the name is, which a request's own values override. */
  readonly defaults?: RouteDefaults
}

/**
 * Which routes a client may use: a client key limited to some models or backends (see
 * `modelAccess`). Absent: every route.
 */
export type ModelAccess = (route: ModelRoute) => boolean

/** Turns the model names clients use into routes, and lists every model offered. */
export interface ModelRouter {
  /**
   * The routes for a model name, first choice first, then its fallbacks. Throws 400 when no name
   * is given and 404 when no backend offers it (or `access` allows none of its routes).
   */
  resolve(name: string | undefined, access?: ModelAccess): Promise<ModelRoute[]>
  /** Every model offered (aliases included), one route per name. */
  list(access?: ModelAccess): Promise<ModelRoute[]>
  /** The backends in configured order, and how each is doing. */
  backends(): BackendStatus[]
  /** What the client key of this name may use (undefined: everything). */
  accessOf(client: string | undefined): ModelAccess | undefined
}

export interface BackendStatus {
  backend: Backend
  /** Whether its model list could be fetched (or is configured). */
  available: boolean
  /** How many models it offers (from its last list). */
  models: number
  /** Why its last model list fetch failed, if it did. */
  error?: string
}
