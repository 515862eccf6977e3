import { describe, expect, test } from 'bun:test'
import { OllamaError } from '../errors/ollama-error.ts'
import { createLogger } from '../log/logger.ts'
import type { Upstream, UpstreamModel } from '../upstream/upstream.ts'
import type { Backend } from './backend.ts'
import { ModelCatalog } from './model-catalog.ts'
import { SingleBackendRouter } from './single-backend-router.ts'

const models: UpstreamModel[] = [
  { id: 'gpt-4o', owned_by: 'openai' },
  { id: 'vendor/Model:free', context_length: 8192 },
]

function routerOver(listed: UpstreamModel[]) {
  const upstream = {
    label: 'fake',
    listModels: async () => listed,
  } as unknown as Upstream
  const backend: Backend = {
    id: 'default',
    upstream,
    profile: { dialect: 'openai', maxTokensParam: 'max_tokens', streamUsage: true },
  }
  const catalog = new ModelCatalog({
    upstream,
    ttlMs: 60_000,
    staticModels: [],
    logger: createLogger({ level: 'error', write: () => {} }),
  })
  return { router: new SingleBackendRouter(backend, catalog), backend }
}

describe('SingleBackendRouter', () => {
  test('routes a name to the one backend, as the model it lists, without fallbacks', async () => {
    const { router, backend } = routerOver(models)
    const routes = await router.resolve('vendor/model:free')
    expect(routes).toEqual([
      {
        name: 'vendor/Model:free',
        backend,
        model: { id: 'vendor/Model:free', context_length: 8192 },
      },
    ])
    expect(routes[0]?.backend).toBe(backend)
  })

  test('lists every model of the backend under its own id, in its order', async () => {
    const { router, backend } = routerOver(models)
    expect(await router.list()).toEqual([
      { name: 'gpt-4o', backend, model: { id: 'gpt-4o', owned_by: 'openai' } },
      {
        name: 'vendor/Model:free',
        backend,
        model: { id: 'vendor/Model:free', context_length: 8192 },
      },
    ])
  })

  test('throws what the catalog throws for no name and an unknown one', async () => {
    const { router } = routerOver(models)
    const failures = await Promise.all(
      [undefined, 'llama3'].map((name) =>
        router.resolve(name).then(
          () => {
            throw new Error('expected a failure')
          },
          (error: OllamaError) => error,
        ),
      ),
    )
    expect(
      failures.map((error) => [error instanceof OllamaError, error.status, error.message]),
    ).toEqual([
      [true, 400, 'model is required'],
      [true, 404, "model 'llama3' not found"],
    ])
  })
})
