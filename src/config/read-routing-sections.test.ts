import { afterAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError } from './config-error.ts'
import { loadConfig } from './load-config.ts'
import { readRoutingSections } from './read-routing-sections.ts'

const directory = mkdtempSync(join(tmpdir(), 'routing-sections-test-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))
const file = join(directory, 'proxy.yaml')
writeFileSync(join(directory, 'openrouter.key'), 'sk-or-from-file\n')

const config = loadConfig([
  { describe: (key) => key, values: { upstreamTimeout: '120', circuitBreakerFailures: '4' } },
])
const read = (sections: Record<string, unknown>, env: Record<string, string> = {}) =>
  readRoutingSections(sections, { file, env, config })

/** The problems of a ConfigError, one per line. */
function problems(sections: Record<string, unknown>, env: Record<string, string> = {}): string[] {
  try {
    read(sections, env)
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n')
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('readRoutingSections', () => {
  test('reads every key of a backend, the flat settings filling in what it does not say', () => {
    const { backends } = read(
      {
        backends: {
          openai: {
            base_url: 'https://api.openai.com/v1/',
            api_key_env: 'OPENAI_KEY',
            max_tokens_param: 'max_completion_tokens',
          },
          openrouter: {
            base_url: 'https://openrouter.ai/api/v1',
            api_key_file: 'openrouter.key',
            prefix: 'or/',
            headers: { 'HTTP-Referer': 'https://example.org' },
            include: ['qwen/*'],
            exclude: ['*:free'],
          },
          azure: {
            base_url: 'https://x.openai.azure.com/openai/v1',
            api_key: 'az-key',
            query: { 'api-version': 'preview' },
            models: ['gpt-4o-deploy'],
            dialect: 'openai',
            stream_usage: false,
            context_length: 128000,
            timeout: 30,
            models_timeout: 2,
            max_retries: 1,
            models_cache_ttl: 300,
            circuit_breaker: { failures: 0, cooldown: 5 },
          },
        },
      },
      { OPENAI_KEY: 'sk-env' },
    )
    expect(backends[0]).toEqual({
      id: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      apiKey: 'sk-env',
      dialect: 'auto',
      maxTokensParam: 'max_completion_tokens',
      streamUsage: true,
      headers: {},
      query: {},
      models: [],
      include: [],
      exclude: [],
      prefix: '',
      connectTimeoutMs: 10_000,
      timeoutMs: 120_000,
      idleTimeoutMs: 600_000,
      modelsTimeoutMs: 10_000,
      maxRetries: 0,
      modelsCacheTtlMs: 60_000,
      breaker: { failures: 4, cooldownMs: 30_000 },
    })
    expect(backends[1]).toMatchObject({
      apiKey: 'sk-or-from-file',
      prefix: 'or/',
      headers: { 'HTTP-Referer': 'https://example.org' },
      include: ['qwen/*'],
      exclude: ['*:free'],
    })
    expect(backends[2]).toMatchObject({
      apiKey: 'az-key',
      dialect: 'openai',
      query: { 'api-version': 'preview' },
      models: ['gpt-4o-deploy'],
      streamUsage: false,
      contextLength: 128000,
      timeoutMs: 30_000,
      modelsTimeoutMs: 2_000,
      maxRetries: 1,
      modelsCacheTtlMs: 300_000,
      breaker: { failures: 0, cooldownMs: 5_000 },
    })
  })

  test('reads aliases in the short and the long form, and fallbacks', () => {
    const routing = read({
      aliases: {
        'claude-haiku-4-5': 'openai/gpt-4o-mini',
        coder: {
          model: 'local/qwen3-coder-30b',
          options: { temperature: 0.2, num_ctx: 32768, think: false },
        },
      },
      fallbacks: { coder: ['or/qwen/qwen3-coder', 'openai/gpt-4o'] },
    })
    expect(routing.aliases).toEqual([
      { name: 'claude-haiku-4-5', target: 'openai/gpt-4o-mini' },
      {
        name: 'coder',
        target: 'local/qwen3-coder-30b',
        defaults: {
          sampling: { temperature: 0.2 },
          think: false,
          contextLength: 32768,
          options: { temperature: 0.2, num_ctx: 32768, think: false },
        },
      },
    ])
    expect(routing.fallbacks).toEqual([
      { name: 'coder', targets: ['or/qwen/qwen3-coder', 'openai/gpt-4o'] },
    ])
    expect(read({ backends: null, aliases: null })).toEqual({
      backends: [],
      aliases: [],
      fallbacks: [],
      clients: {},
    })
  })

  test('names the file, the path in it and what is wrong, for every problem', () => {
    expect(
      problems({
        backends: {
          a: { base_url: 'ftp://x', dialect: 'mistral', timeout: -1, bse_url: 'x' },
          b: 'http://b/v1',
          c: { base_url: 'http://c/v1', circuit_breaker: { failures: 1.5 } },
        },
        aliases: { 'or/x': { model: 'y', options: { temperature: 'hot', nope: 1 } } },
        fallbacks: { x: [] },
      }),
    ).toEqual([
      `${file}: backends.a.bse_url: unknown key`,
      `${file}: backends.a.base_url: expected an http:// or https:// URL`,
      `${file}: backends.a.dialect: expected one of auto, openai, openrouter, vllm, llamacpp`,
      `${file}: backends.a.timeout: expected a number of seconds (0 or more)`,
      `${file}: backends.b: expected object`,
      `${file}: backends.c.circuit_breaker.failures: expected a whole number (0 never opens the circuit)`,
      `${file}: aliases.or/x.options.nope: unknown key`,
      `${file}: aliases.or/x.options.temperature: expected number`,
      `${file}: fallbacks.x: expected a list of one or more model names`,
    ])
  })

  test('refuses bad backend names and keys that cannot be had', () => {
    expect(
      problems({
        backends: {
          'my backend': { base_url: 'http://a/v1' },
          two: { base_url: 'http://b/v1', api_key: 'k', api_key_env: 'K' },
          env: { base_url: 'http://c/v1', api_key_env: 'UNSET_KEY' },
          missing: { base_url: 'http://d/v1', api_key_file: 'nope.key' },
        },
      }),
    ).toEqual([
      `${file}: backends.my backend: a backend name is letters, digits, "_", "-" and ".", starting with a letter or digit`,
      `${file}: backends.two: give one of api_key, api_key_env, not several`,
      `${file}: backends.env.api_key_env: the environment variable UNSET_KEY is not set`,
      expect.stringMatching(
        new RegExp(
          `^${file}: backends\\.missing\\.api_key_file: cannot read ${join(directory, 'nope.key')}: `,
        ),
      ),
    ])
  })
})
