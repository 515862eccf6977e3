import type { UpstreamModel } from '../upstream/upstream.ts'
import type { Backend } from './backend.ts'

/** Where a model name is served: the backend, and the model as that backend lists it. */
export interface ModelRoute {
  /** The name clients see and use for it. */
  readonly name: string
  readonly backend: Backend
  readonly model: UpstreamModel
}

/** Turns the model names clients use into routes, and lists every model offered. */
export interface ModelRouter {
  /**
   * The routes for a model name, first choice first, then its fallbacks. Throws 400 when no name
   * is given and 404 when no backend offers it.
   */
  resolve(name: string | undefined): Promise<ModelRoute[]>
  /** Every model offered, one route per name. */
  list(): Promise<ModelRoute[]>
}
