import type { Backend } from './backend.ts'
import type { ModelCatalog } from './model-catalog.ts'
import type { ModelRoute, ModelRouter } from './model-router.ts'

/** Routes every name to one backend: its models under their own ids, no fallbacks. */
export class SingleBackendRouter implements ModelRouter {
  readonly #backend: Backend
  readonly #catalog: ModelCatalog

  constructor(backend: Backend, catalog: ModelCatalog) {
    this.#backend = backend
    this.#catalog = catalog
  }

  async resolve(name: string | undefined): Promise<ModelRoute[]> {
    const model = await this.#catalog.resolve(name)
    return [{ name: model.id, backend: this.#backend, model }]
  }

  async list(): Promise<ModelRoute[]> {
    const models = await this.#catalog.list()
    return models.map((model) => ({ name: model.id, backend: this.#backend, model }))
  }
}
