import { describe, expect, test } from 'bun:test'
import { APIConnectionError } from 'openai'
import { createLogger } from '../log/logger.ts'
import type { Upstream, UpstreamModel } from '../upstream/upstream.ts'
import { BackendRouter } from './backend-router.ts'
import { CircuitBreaker } from './circuit-breaker.ts'
import { modelAccess } from './model-access.ts'
import { ModelCatalog } from './model-catalog.ts'
import { type BackendEntry, RoutingTable } from './routing-table.ts'

/** A backend whose list is `list()` at the time of asking (throwing: down); counts the asks. */
function backend(id: string, list: () => string[], clock: { now: number }, prefix = '') {
  const asked = { count: 0 }
  const upstream = {
    label: id,
    listModels: async (): Promise<UpstreamModel[]> => {
      asked.count++
      return list().map((model) => ({ id: model }))
    },
  } as Upstream
  const entry: BackendEntry = {
    backend: {
      id,
      upstream,
      profile: { dialect: 'openai', maxTokensParam: 'max_tokens', streamUsage: true },
      breaker: new CircuitBreaker({ failures: 5, cooldownMs: 1 }),
      maxRetries: 0,
    },
    catalog: new ModelCatalog({
      upstream,
      ttlMs: 1_000,
      staticModels: [],
      retryMs: 1_000,
      logger: createLogger({ level: 'error', write: () => {} }),
      now: () => clock.now,
    }),
    prefix,
  }
  return { entry, asked }
}

const down = (): string[] => {
  throw new APIConnectionError({ message: 'Connection refused' })
}

function routerOver(entries: BackendEntry[]) {
  const lines: Record<string, unknown>[] = []
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line)) })
  return { router: new BackendRouter(new RoutingTable(entries, [], []), logger), lines }
}

const names = (routes: { name: string }[]) => routes.map((route) => route.name)

describe('BackendRouter', () => {
  test('asks each backend once per TTL, whatever the number of requests', async () => {
    const clock = { now: 0 }
    const a = backend('a', () => ['x'], clock)
    const b = backend('b', () => ['y'], clock)
    const { router } = routerOver([a.entry, b.entry])
    await Promise.all([router.resolve('x'), router.resolve('y'), router.list()])
    await router.resolve('x')
    expect([a.asked.count, b.asked.count]).toEqual([1, 1])
    clock.now = 1_000
    await router.resolve('y')
    expect([a.asked.count, b.asked.count]).toEqual([2, 2])
  })

  test('400 without a name', async () => {
    const clock = { now: 0 }
    const { router } = routerOver([backend('a', () => ['x'], clock).entry])
    expect(await router.resolve(' ').catch((error) => error)).toMatchObject({
      status: 400,
      message: 'model is required',
    })
  })

  test('leaves a backend that is down out of the list, says so once, and says when it is back', async () => {
    const clock = { now: 0 }
    let bDown = true
    const { router, lines } = routerOver([
      backend('a', () => ['x'], clock).entry,
      backend('b', () => (bDown ? down() : ['y']), clock).entry,
    ])
    expect(names(await router.list())).toEqual(['x'])
    await router.resolve('x')
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'backend left out of the model list: its list cannot be had',
        backend: 'b',
        error: 'the upstream cannot be reached: Connection refused',
      }),
    ])
    expect(
      router
        .backends()
        .map(({ backend, available, models, error }) => [backend.id, available, models, error]),
    ).toEqual([
      ['a', true, 1, undefined],
      ['b', false, 0, 'the upstream cannot be reached: Connection refused'],
    ])
    bDown = false
    clock.now = 1_000
    expect(names(await router.list())).toEqual(['x', 'y'])
    expect(lines.at(-1)).toMatchObject({
      level: 'info',
      message: 'backend back in the model list',
      backend: 'b',
    })
  })

  test('with every backend down, fails as a single backend would (502)', async () => {
    const clock = { now: 0 }
    const { router } = routerOver([backend('a', down, clock).entry])
    expect(await router.list().catch((error) => error)).toMatchObject({ status: 502 })
    expect(await router.resolve('x').catch((error) => error)).toMatchObject({ status: 502 })
  })

  test('logs a name offered twice once per table', async () => {
    const clock = { now: 0 }
    const entries = () => [
      backend('a', () => ['x'], clock).entry,
      backend('b', () => ['x'], clock).entry,
    ]
    const { router, lines } = routerOver(entries())
    await router.list()
    clock.now = 1_000
    await router.list()
    const collisions = () =>
      lines.filter(
        (line) => line.message === 'model offered by two backends; the first configured serves it',
      )
    expect(collisions()).toEqual([
      expect.objectContaining({ level: 'warn', model: 'x', backend: 'a', ignored: 'b' }),
    ])
    router.replace(new RoutingTable(entries(), [], []))
    await router.list()
    expect(collisions()).toHaveLength(2)
  })

  test('routes over a new table from the moment it is replaced', async () => {
    const clock = { now: 0 }
    const { router } = routerOver([backend('a', () => ['x'], clock).entry])
    expect((await router.resolve('x'))[0]?.backend.id).toBe('a')
    const next = backend('b', () => ['x'], clock).entry
    router.replace(new RoutingTable([next], [], []))
    expect(router.table.entries).toEqual([next])
    expect((await router.resolve('x'))[0]?.backend.id).toBe('b')
  })

  test('a client key sees and resolves only what its scope allows (404 otherwise)', async () => {
    const clock = { now: 0 }
    const { router } = routerOver([
      backend('a', () => ['gpt-4o', 'gpt-4o-mini'], clock).entry,
      backend('b', () => ['llama'], clock, 'b/').entry,
    ])
    const minis = modelAccess({ models: ['*-mini', 'b/*'] })
    expect(names(await router.list(minis))).toEqual(['gpt-4o-mini', 'b/llama'])
    expect(names(await router.resolve('gpt-4o-mini', minis))).toEqual(['gpt-4o-mini'])
    expect(await router.resolve('gpt-4o', minis).catch((error) => error)).toMatchObject({
      status: 404,
      message: "model 'gpt-4o' not found",
    })
    const onlyB = modelAccess({ backends: ['b'] })
    expect(names(await router.list(onlyB))).toEqual(['b/llama'])
    expect(names(await router.list(modelAccess({})))).toEqual(['gpt-4o', 'gpt-4o-mini', 'b/llama'])
  })
})
