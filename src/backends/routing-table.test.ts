import { describe, expect, test } from 'bun:test'
import { APIConnectionError } from 'openai'
import { thrown } from '../../test/support/thrown.ts'
import { ConfigError } from '../config/config-error.ts'
import { silentLogger } from '../log/logger.ts'
import type { Upstream } from '../upstream/upstream.ts'
import { CircuitBreaker } from './circuit-breaker.ts'
import { ModelCatalog } from './model-catalog.ts'
import type { ModelRoute } from './model-router.ts'
import type { AliasSpec, FallbackSpec } from './routing-spec.ts'
import { type BackendEntry, RoutingTable } from './routing-table.ts'
import { toRouteDefaults } from './to-route-defaults.ts'

/** A backend listing `models`, or whose list cannot be had ('down'). */
function entry(id: string, models: string[] | 'down', prefix = ''): BackendEntry {
  const upstream = {
    label: `http://${id}/v1`,
    listModels: async () => {
      if (models === 'down') throw new APIConnectionError({ message: 'Connection refused' })
      return models.map((model) => ({ id: model }))
    },
  } as Upstream
  return {
    backend: {
      id,
      upstream,
      profile: { dialect: 'openai', maxTokensParam: 'max_tokens', streamUsage: true },
      breaker: new CircuitBreaker({ failures: 5, cooldownMs: 1000 }),
      maxRetries: 0,
    },
    catalog: new ModelCatalog({ upstream, ttlMs: 60_000, staticModels: [], logger: silentLogger }),
    prefix,
  }
}

async function indexOf(
  entries: BackendEntry[],
  aliases: AliasSpec[] = [],
  fallbacks: FallbackSpec[] = [],
) {
  const table = new RoutingTable(entries, aliases, fallbacks)
  return table.index(await Promise.all(table.entries.map((each) => each.catalog.current())))
}

/** Routes as `name → backend/model id`. */
const where = (routes: ModelRoute[]) =>
  routes.map((route) => `${route.name} → ${route.backend.id}/${route.model.id}`)

const backends = () => [
  entry('openai', ['gpt-4o', 'gpt-4o-mini']),
  entry('openrouter', ['qwen/qwen3-coder', 'openai/gpt-4o', 'gpt-4o'], 'or/'),
  entry('local', ['qwen3-coder-30b', 'gpt-4o-mini']),
]

describe('ModelIndex: names', () => {
  test('a listed name, in any case and with :latest, resolves to its backend', async () => {
    const index = await indexOf(backends())
    expect(where(index.resolve('GPT-4o:latest'))).toEqual(['gpt-4o → openai/gpt-4o'])
    expect(where(index.resolve('qwen3-coder-30b'))).toEqual([
      'qwen3-coder-30b → local/qwen3-coder-30b',
    ])
  })

  test('a prefixed name resolves to the backend of the prefix, under the upstream id', async () => {
    const index = await indexOf(backends())
    expect(where(index.resolve('or/openai/gpt-4o'))).toEqual([
      'or/openai/gpt-4o → openrouter/openai/gpt-4o',
    ])
  })

  test('a name offered by two backends goes to the first configured; the collision is reported', async () => {
    const index = await indexOf(backends())
    expect(where(index.resolve('gpt-4o-mini'))).toEqual(['gpt-4o-mini → openai/gpt-4o-mini'])
    expect(index.collisions).toEqual([
      { name: 'gpt-4o-mini', servedBy: 'openai', alsoOfferedBy: 'local' },
    ])
  })

  test('<backend>/<model id> names a backend that has no prefix', async () => {
    const index = await indexOf(backends())
    expect(where(index.resolve('local/gpt-4o-mini'))).toEqual(['gpt-4o-mini → local/gpt-4o-mini'])
    expect(thrown(() => index.resolve('local/gpt-5'))).toMatchObject({ status: 404 })
  })

  test('lists every name once, in configured order, then the aliases that resolve', async () => {
    const index = await indexOf(backends(), [
      { name: 'coder', target: 'local/qwen3-coder-30b' },
      { name: 'nowhere', target: 'nothing' },
    ])
    expect(where(index.list())).toEqual([
      'gpt-4o → openai/gpt-4o',
      'gpt-4o-mini → openai/gpt-4o-mini',
      'or/qwen/qwen3-coder → openrouter/qwen/qwen3-coder',
      'or/openai/gpt-4o → openrouter/openai/gpt-4o',
      'or/gpt-4o → openrouter/gpt-4o',
      'qwen3-coder-30b → local/qwen3-coder-30b',
      'coder → local/qwen3-coder-30b',
    ])
  })

  test('an unknown name is a 404; claude-* and gpt-* names say how to alias them', async () => {
    const index = await indexOf(backends())
    expect(thrown(() => index.resolve('llama3'))).toMatchObject({
      status: 404,
      message: "model 'llama3' not found",
    })
    expect(thrown(() => index.resolve(' claude-haiku-4-5 '))).toMatchObject({
      status: 404,
      message:
        "model ' claude-haiku-4-5 ' not found: coding agents ask for this name on their own; map it to one of your models with MODEL_ALIASES=claude-haiku-4-5=<model> or under aliases: in the config file",
    })
    expect(thrown(() => index.resolve('gpt-5-codex')).message).toContain(
      'MODEL_ALIASES=gpt-5-codex=<model>',
    )
  })
})

describe('ModelIndex: backends without a list', () => {
  test('are left out; a name only they could serve by prefix or id goes to them all the same', async () => {
    const index = await indexOf([entry('openai', ['gpt-4o']), entry('vllm', 'down', 'v/')])
    expect(where(index.list())).toEqual(['gpt-4o → openai/gpt-4o'])
    const [route] = index.resolve('v/qwen3') as [ModelRoute]
    expect(where([route])).toEqual(['v/qwen3 → vllm/qwen3'])
    // The client's own text: not a metrics label.
    expect(route.known).toBe(false)
    expect(index.failure).toBeUndefined()
  })

  test('when none has a list, the first one failure is the index failure', async () => {
    const index = await indexOf([entry('a', 'down'), entry('b', 'down')])
    expect(index.failure).toMatchObject({
      status: 502,
      message: 'the upstream cannot be reached: Connection refused',
    })
  })
})

describe('ModelIndex: aliases', () => {
  const coderDefaults = toRouteDefaults({ temperature: 0.2, num_ctx: 32_768 })

  test('an alias resolves to its target under its own name, with its defaults', async () => {
    const index = await indexOf(backends(), [
      { name: 'Coder', target: 'local/qwen3-coder-30b', defaults: coderDefaults },
    ])
    const routes = index.resolve('coder:latest')
    expect(where(routes)).toEqual(['Coder → local/qwen3-coder-30b'])
    expect(routes[0]?.defaults).toEqual(coderDefaults)
    expect(routes[0]?.known).toBe(true)
  })

  test('an alias wins over a listed model of the same name', async () => {
    const index = await indexOf(backends(), [{ name: 'gpt-4o', target: 'or/openai/gpt-4o' }])
    expect(where(index.resolve('gpt-4o'))).toEqual(['gpt-4o → openrouter/openai/gpt-4o'])
  })

  test('an alias of an alias: the outer defaults win, the inner ones fill in', async () => {
    const index = await indexOf(backends(), [
      {
        name: 'fast',
        target: 'coder',
        defaults: toRouteDefaults({ temperature: 0.9, think: false }),
      },
      { name: 'coder', target: 'local/qwen3-coder-30b', defaults: coderDefaults },
    ])
    const [route] = index.resolve('fast') as [ModelRoute]
    expect(where([route])).toEqual(['fast → local/qwen3-coder-30b'])
    expect(route.defaults).toEqual({
      sampling: { temperature: 0.9 },
      think: false,
      contextLength: 32_768,
      options: { temperature: 0.9, think: false, num_ctx: 32_768 },
    })
  })

  test('an alias whose target nothing offers is a 404 that says so', async () => {
    const index = await indexOf(backends(), [{ name: 'coder', target: 'local/qwen9' }])
    expect(thrown(() => index.resolve('coder'))).toMatchObject({
      status: 404,
      message: "model 'coder' is an alias of 'local/qwen9', which no backend offers",
    })
  })

  test('aliases that point at each other are refused when the table is made', () => {
    expect(
      () =>
        new RoutingTable(
          [],
          [
            { name: 'a', target: 'b' },
            { name: 'b', target: 'a' },
          ],
          [],
        ),
    ).toThrow(new ConfigError('aliases.a: the aliases point at each other: a → b → a'))
  })
})

describe('ModelIndex: fallbacks', () => {
  test('follow the primary route in order, without repeating a target', async () => {
    const index = await indexOf(
      backends(),
      [],
      [{ name: 'gpt-4o', targets: ['or/gpt-4o', 'openai/gpt-4o', 'local/gpt-4o-mini'] }],
    )
    expect(where(index.resolve('gpt-4o'))).toEqual([
      'gpt-4o → openai/gpt-4o',
      'gpt-4o → openrouter/gpt-4o',
      'gpt-4o → local/gpt-4o-mini',
    ])
  })

  test("of an alias: its own chain, then its target's; the alias defaults apply to all", async () => {
    const defaults = toRouteDefaults({ temperature: 0.2 })
    const index = await indexOf(
      backends(),
      [{ name: 'coder', target: 'local/qwen3-coder-30b', defaults }],
      [
        { name: 'coder', targets: ['or/qwen/qwen3-coder'] },
        { name: 'qwen3-coder-30b', targets: ['gpt-4o'] },
      ],
    )
    const routes = index.resolve('coder')
    expect(where(routes)).toEqual([
      'coder → local/qwen3-coder-30b',
      'coder → openrouter/qwen/qwen3-coder',
      'coder → openai/gpt-4o',
    ])
    expect(routes.map((route) => route.defaults)).toEqual([defaults, defaults, defaults])
  })

  test('serve a name whose own model nothing offers now', async () => {
    const index = await indexOf(
      [entry('openai', ['gpt-4o']), entry('azure', 'down')],
      [],
      [{ name: 'GPT-4.1', targets: ['gpt-4o'] }],
    )
    expect(where(index.resolve('gpt-4.1'))).toEqual(['GPT-4.1 → openai/gpt-4o'])
  })
})
