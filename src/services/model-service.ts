import type { ModelAccess, ModelRoute, ModelRouter } from '../backends/model-router.ts'
import { routeContextLength } from '../backends/route-context-length.ts'
import { OllamaError } from '../errors/ollama-error.ts'
import type {
  ModelNameRequest,
  ProgressResponse,
  PsResponse,
  ShowRequest,
  ShowResponse,
  TagsResponse,
} from '../ollama/schemas.ts'
import { toOllamaModelEntry } from '../translate/to-ollama-model-entry.ts'
import { toOllamaShowResponse } from '../translate/to-ollama-show-response.ts'
import type { ModelActivity } from './model-activity.ts'

export interface ModelServiceOptions {
  router: ModelRouter
  activity: ModelActivity
  /** Context length reported when the backend does not tell. */
  contextLength: number
  /** The time reported as modified_at for models the backend gives no date for. */
  startedAt?: Date
}

/** A far-future expiry for models kept loaded forever (negative keep_alive). */
const foreverMs = 100 * 365 * 24 * 3_600_000

/**
 * The model-management endpoints, for a server whose models live upstream: listing and describing
 * them works; pulling a model the upstream has succeeds at once; whatever would change the
 * upstream's models is refused with a message saying why.
 */
export class ModelService {
  readonly #options: ModelServiceOptions
  readonly #startedAt: Date

  constructor(options: ModelServiceOptions) {
    this.#options = options
    this.#startedAt = options.startedAt ?? new Date()
  }

  async tags(access?: ModelAccess): Promise<TagsResponse> {
    const routes = await this.#options.router.list(access)
    const entries = routes.map((route) => this.#entry(route))
    entries.sort(
      (a, b) => b.modified_at.localeCompare(a.modified_at) || a.name.localeCompare(b.name),
    )
    return { models: entries }
  }

  async show(request: ShowRequest, access?: ModelAccess): Promise<ShowResponse> {
    const [route] = (await this.#options.router.resolve(request.model || request.name, access)) as [
      ModelRoute,
    ]
    const response = toOllamaShowResponse(route.model, this.#entry(route), {
      backend: route.backend.id,
      contextLength: routeContextLength(route, this.#options.contextLength),
      ...(route.defaults && { options: route.defaults.options }),
    })
    return request.system ? { ...response, system: request.system } : response
  }

  async ps(access?: ModelAccess): Promise<PsResponse> {
    const listed = await this.#options.router.list(access)
    const byName = new Map(listed.map((route) => [route.name, route]))
    const models = this.#options.activity.active().flatMap(({ id, expiresAt }) => {
      const route = byName.get(id)
      if (route === undefined) return []
      return [
        {
          ...this.#entry(route),
          expires_at: new Date(Math.min(expiresAt, Date.now() + foreverMs)).toISOString(),
          size_vram: 0,
          context_length: routeContextLength(route, this.#options.contextLength),
        },
      ]
    })
    return { models }
  }

  /** Pulling a model the upstream serves is a no-op that succeeds, as after a completed download. */
  async pull(request: ModelNameRequest, access?: ModelAccess): Promise<ProgressResponse[]> {
    const name = request.model || request.name
    const routes = await this.#options.router.resolve(name, access).catch((error: unknown) => {
      if (error instanceof OllamaError && error.status === 404) {
        throw new OllamaError(
          404,
          `pull model manifest: model '${name}' is not offered by the upstream (${this.#upstreams()}); this server cannot download models`,
        )
      }
      throw error
    })
    const digest = `sha256:${this.#entry(routes[0] as ModelRoute).digest}`
    return [
      { status: 'pulling manifest' },
      { status: `pulling ${digest.slice(7, 19)}`, digest, total: 0, completed: 0 },
      { status: 'verifying sha256 digest' },
      { status: 'writing manifest' },
      { status: 'success' },
    ]
  }

  /** push, create, copy and delete would change the upstream's models, which this server cannot. */
  async refuse(
    operation: 'push' | 'create' | 'copy' | 'delete',
    name: string | undefined,
    access?: ModelAccess,
  ): Promise<never> {
    if (!name?.trim()) throw OllamaError.modelRequired()
    if (operation !== 'create') await this.#options.router.resolve(name, access)
    throw new OllamaError(
      501,
      `${operation} is not supported: models are served by the upstream (${this.#upstreams()}) and cannot be changed through this server`,
    )
  }

  /** Where models live, for messages: the backends' URLs (or "demo"). */
  #upstreams(): string {
    return this.#options.router
      .backends()
      .map((status) => status.backend.upstream.label)
      .join(', ')
  }

  /** A model's /api/tags entry, under the name clients use for it. */
  #entry(route: ModelRoute) {
    return toOllamaModelEntry(route.model, this.#startedAt, route.name)
  }
}
