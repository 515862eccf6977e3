import { describe, expect, test } from 'bun:test'
import type { BackendSpec } from '../backends/routing-spec.ts'
import { loadConfig } from './load-config.ts'
import type { SettingKey } from './settings.ts'
import { chooseBackend, defaultBackendSpec, toRoutingSpec } from './to-routing-spec.ts'

const configWith = (values: Partial<Record<SettingKey, string>>) =>
  loadConfig([{ describe: (key) => key, values }])

describe('chooseBackend', () => {
  test.each([
    [{}, 'demo'],
    [{ apiKey: 'sk-x' }, 'openai'],
    [{ baseUrl: 'http://localhost:8080/v1' }, 'openai'],
    [{ upstream: 'demo', apiKey: 'sk-x' }, 'demo'],
    [{ upstream: 'openai' }, 'openai'],
  ] as const)('%p → %s', (values, backend) => {
    expect(chooseBackend(configWith(values))).toBe(backend)
  })
})

describe('defaultBackendSpec', () => {
  test('is the backend the flat settings describe, named default', () => {
    const spec = defaultBackendSpec(
      configWith({
        apiKey: 'sk-x',
        baseUrl: 'http://vllm:8000/v1',
        dialect: 'vllm',
        maxTokensParam: 'max_completion_tokens',
        streamUsage: 'false',
        models: 'a,b',
        upstreamTimeout: '30',
        modelsTimeout: '2',
        upstreamRetries: '1',
        modelsCacheTtl: '5',
        circuitBreakerFailures: '3',
        circuitBreakerCooldown: '7.5',
      }),
    )
    expect(spec).toEqual({
      id: 'default',
      baseUrl: 'http://vllm:8000/v1',
      apiKey: 'sk-x',
      dialect: 'vllm',
      maxTokensParam: 'max_completion_tokens',
      streamUsage: false,
      headers: {},
      query: {},
      models: ['a', 'b'],
      include: [],
      exclude: [],
      prefix: '',
      connectTimeoutMs: 10_000,
      timeoutMs: 30_000,
      idleTimeoutMs: 600_000,
      modelsTimeoutMs: 2_000,
      maxRetries: 1,
      modelsCacheTtlMs: 5_000,
      breaker: { failures: 3, cooldownMs: 7_500 },
    })
  })

  test('answers from the demo, at its token delay, when the settings say so', () => {
    expect(defaultBackendSpec(configWith({ upstream: 'demo', demoDelay: '3' })).demo).toEqual({
      tokenDelayMs: 3,
    })
  })
})

describe('toRoutingSpec', () => {
  const local = { ...defaultBackendSpec(configWith({})), id: 'local' } as BackendSpec
  const file = (backends: BackendSpec[]) => ({
    backends,
    aliases: [{ name: 'coder', target: 'local/qwen' }],
    fallbacks: [{ name: 'coder', targets: ['gpt-4o'] }],
  })

  test('without backends in the file, the one backend is default', () => {
    const spec = toRoutingSpec(configWith({ apiKey: 'k' }), undefined, true)
    expect(spec.backends.map((backend) => backend.id)).toEqual(['default'])
    expect(spec.aliases).toEqual([])
    expect(spec.fallbacks).toEqual([])
  })

  test("the file's backends, after default when a flat backend setting is given", () => {
    const config = configWith({ apiKey: 'k' })
    expect(toRoutingSpec(config, file([local]), true).backends.map((b) => b.id)).toEqual([
      'default',
      'local',
    ])
    expect(toRoutingSpec(config, file([local]), false).backends.map((b) => b.id)).toEqual(['local'])
    const ownDefault = { ...local, id: 'default', baseUrl: 'http://own/v1' }
    expect(toRoutingSpec(config, file([ownDefault]), true).backends).toEqual([ownDefault])
  })

  test('MODEL_ALIASES adds aliases and wins over the file for the same name', () => {
    const config = configWith({ modelAliases: 'Coder=gpt-4o, claude-haiku-4-5=gpt-4o-mini' })
    const spec = toRoutingSpec(config, file([local]), false)
    expect(spec.aliases).toEqual([
      { name: 'Coder', target: 'gpt-4o' },
      { name: 'claude-haiku-4-5', target: 'gpt-4o-mini' },
    ])
    expect(spec.fallbacks).toEqual([{ name: 'coder', targets: ['gpt-4o'] }])
  })
})
