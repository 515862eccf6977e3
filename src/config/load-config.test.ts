import { afterAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError, type ConfigLayer, envLayer, loadConfig } from './load-config.ts'
import { type Config, type SettingKey, settings } from './settings.ts'

const directory = mkdtempSync(join(tmpdir(), 'load-config-test-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

function secretFile(name: string, content: string): string {
  const path = join(directory, name)
  writeFileSync(path, content)
  return path
}

function configError(run: () => unknown): ConfigError {
  try {
    run()
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

const layer = (
  describe: (key: SettingKey) => string,
  values: ConfigLayer['values'],
): ConfigLayer => ({ describe, values })
const flags = (values: ConfigLayer['values']) => layer((key) => `--${settings[key].flag}`, values)

const defaults: Config = {
  upstream: 'auto',
  apiKey: '',
  baseUrl: 'https://api.openai.com/v1',
  dialect: 'auto',
  maxTokensParam: 'max_tokens',
  streamUsage: true,
  host: '127.0.0.1',
  port: 11434,
  logLevel: 'info',
  environment: 'production',
  ollamaVersion: '0.14.0',
  models: [],
  modelAliases: [],
  modelsCacheTtl: 60,
  contextLength: 128000,
  upstreamConnectTimeout: 10,
  upstreamTimeout: 600,
  upstreamIdleTimeout: 600,
  modelsTimeout: 10,
  keepAliveInterval: 10,
  upstreamRetries: 0,
  apiKeys: [],
  allowedHosts: [],
  maxBodySize: 33554432,
  maxConcurrentRequests: 4096,
  circuitBreakerFailures: 5,
  circuitBreakerCooldown: 30,
  watchConfig: false,
  metricsPublic: false,
  corsOrigins: [],
  docs: true,
  drainTimeout: 10,
  demoDelay: 15,
}

describe('envLayer', () => {
  test('reads nothing from an empty environment, and names settings by their variable', () => {
    const env = envLayer({})
    expect(env.values).toEqual({})
    expect(env.describe('port')).toBe('PORT')
    expect(env.describe('apiKey')).toBe('OPENAI_API_KEY')
  })

  test('reads every setting from its variable, as raw text, and ignores other variables', () => {
    expect(
      envLayer({
        UPSTREAM: 'openai',
        OPENAI_API_KEY: 'sk-test',
        OPENAI_API_BASE_URL: 'http://vllm:8000/v1',
        UPSTREAM_DIALECT: 'vllm',
        MAX_TOKENS_PARAM: 'max_completion_tokens',
        STREAM_USAGE: 'false',
        HOST: '127.0.0.1',
        PORT: '8080',
        LOG_LEVEL: 'debug',
        ENV: 'staging',
        OLLAMA_VERSION: '0.13.0',
        MODELS: 'a,b',
        MODELS_CACHE_TTL: '5',
        CONTEXT_LENGTH: '8192',
        UPSTREAM_TIMEOUT: '30',
        UPSTREAM_MAX_RETRIES: '2',
        CORS_ORIGINS: 'https://x.example',
        DOCS: 'off',
        DRAIN_TIMEOUT: '3',
        DEMO_DELAY_MS: '0',
        PATH: '/usr/bin',
        HOME: '/root',
        UNSET: undefined,
      }).values,
    ).toEqual({
      upstream: 'openai',
      apiKey: 'sk-test',
      baseUrl: 'http://vllm:8000/v1',
      dialect: 'vllm',
      maxTokensParam: 'max_completion_tokens',
      streamUsage: 'false',
      host: '127.0.0.1',
      port: '8080',
      logLevel: 'debug',
      environment: 'staging',
      ollamaVersion: '0.13.0',
      models: 'a,b',
      modelsCacheTtl: '5',
      contextLength: '8192',
      upstreamTimeout: '30',
      upstreamRetries: '2',
      corsOrigins: 'https://x.example',
      docs: 'off',
      drainTimeout: '3',
      demoDelay: '0',
    })
  })

  test('treats a variable set to the empty string as unset (PORT= in an .env file)', () => {
    expect(envLayer({ HOST: '', PORT: '', OPENAI_API_KEY: '' }).values).toEqual({})
    expect(loadConfig([envLayer({ PORT: '' })]).port).toBe(11434)
  })

  test('reads the API key from the file OPENAI_API_KEY_FILE names, without its trailing newline', () => {
    const path = secretFile('key', '  sk-from-file\n')
    expect(envLayer({ OPENAI_API_KEY_FILE: path }).values).toEqual({ apiKey: 'sk-from-file' })
  })

  test('prefers OPENAI_API_KEY_FILE over OPENAI_API_KEY', () => {
    const path = secretFile('key2', 'sk-file\r\n')
    expect(envLayer({ OPENAI_API_KEY: 'sk-env', OPENAI_API_KEY_FILE: path }).values).toEqual({
      apiKey: 'sk-file',
    })
  })

  test('ignores an empty OPENAI_API_KEY_FILE', () => {
    expect(envLayer({ OPENAI_API_KEY: 'sk-env', OPENAI_API_KEY_FILE: '' }).values).toEqual({
      apiKey: 'sk-env',
    })
  })

  test('reads no *_FILE variable for settings that are not secret', () => {
    const path = secretFile('port', '9999')
    expect(envLayer({ PORT_FILE: path, HOST_FILE: path }).values).toEqual({})
  })

  test('fails with a ConfigError naming the variable and the path when the file cannot be read', () => {
    const path = join(directory, 'missing', 'key')
    let reason = ''
    try {
      readFileSync(path, 'utf8')
    } catch (error) {
      reason = (error as Error).message
    }
    const error = configError(() => envLayer({ OPENAI_API_KEY_FILE: path }))
    expect(error.name).toBe('ConfigError')
    expect(error.message).toBe(`OPENAI_API_KEY_FILE: cannot read ${path}: ${reason}`)
  })

  test('fails with a ConfigError when the file is a directory', () => {
    const error = configError(() => envLayer({ OPENAI_API_KEY_FILE: directory }))
    expect(error.message).toStartWith(`OPENAI_API_KEY_FILE: cannot read ${directory}: `)
  })
})

describe('loadConfig', () => {
  test('uses every default without layers', () => {
    expect(loadConfig([])).toEqual(defaults)
  })

  test('uses every default for an empty environment', () => {
    expect(loadConfig([envLayer({})])).toEqual(defaults)
  })

  test('parses the values of a layer', () => {
    expect(
      loadConfig([
        envLayer({
          PORT: '8080',
          STREAM_USAGE: 'no',
          MODELS: 'gpt-4o, o3',
          OPENAI_API_BASE_URL: 'http://localhost:1234/v1/',
          UPSTREAM_DIALECT: 'LlamaCpp',
        }),
      ]),
    ).toEqual({
      ...defaults,
      port: 8080,
      streamUsage: false,
      models: ['gpt-4o', 'o3'],
      baseUrl: 'http://localhost:1234/v1',
      dialect: 'llamacpp',
    })
  })

  test('lets later layers win: defaults < config file < environment < flags', () => {
    const file = layer((key) => `config ${key}`, {
      port: '1000',
      host: 'file-host',
      logLevel: 'warn',
    })
    const env = envLayer({ PORT: '2000', HOST: 'env-host' })
    const cli = flags({ port: '3000' })
    expect(loadConfig([file, env, cli])).toMatchObject({
      port: 3000,
      host: 'env-host',
      logLevel: 'warn',
      environment: 'production',
    })
  })

  test('reports the layer that gave a bad value, with the value', () => {
    const error = configError(() => loadConfig([envLayer({ PORT: '80' }), flags({ port: 'abc' })]))
    expect(error.message).toBe('--port: expected an integer from 0 to 65535, got "abc"')
  })

  test('does not report a bad value that a later layer overrides', () => {
    expect(loadConfig([envLayer({ PORT: 'abc' }), flags({ port: '81' })]).port).toBe(81)
  })

  test('lists every problem, one per line, in settings order', () => {
    const error = configError(() =>
      loadConfig([envLayer({ PORT: 'x', LOG_LEVEL: 'loud', UPSTREAM: 'ollama' })]),
    )
    expect(error.message).toBe(
      [
        'UPSTREAM: expected one of auto, openai, demo, got "ollama"',
        'PORT: expected an integer from 0 to 65535, got "x"',
        'LOG_LEVEL: expected one of debug, info, warn, error, got "loud"',
      ].join('\n'),
    )
  })

  test.each([
    ['UPSTREAM', 'x', 'UPSTREAM: expected one of auto, openai, demo, got "x"'],
    [
      'OPENAI_API_BASE_URL',
      'api.openai.com',
      'OPENAI_API_BASE_URL: expected an http:// or https:// URL, got "api.openai.com"',
    ],
    [
      'UPSTREAM_DIALECT',
      'azure',
      'UPSTREAM_DIALECT: expected one of auto, openai, openrouter, vllm, llamacpp, got "azure"',
    ],
    [
      'MAX_TOKENS_PARAM',
      'n',
      'MAX_TOKENS_PARAM: expected one of max_tokens, max_completion_tokens, got "n"',
    ],
    ['STREAM_USAGE', 'sure', 'STREAM_USAGE: expected true or false, got "sure"'],
    ['PORT', '70000', 'PORT: expected an integer from 0 to 65535, got "70000"'],
    ['LOG_LEVEL', 'trace', 'LOG_LEVEL: expected one of debug, info, warn, error, got "trace"'],
    [
      'OLLAMA_VERSION',
      '0.5.0',
      'OLLAMA_VERSION: expected 0.6.4 or newer: older versions are refused by GitHub Copilot, got "0.5.0"',
    ],
    ['OLLAMA_VERSION', 'new', 'OLLAMA_VERSION: expected a version such as 0.12.3, got "new"'],
    [
      'MODELS_CACHE_TTL',
      '-5',
      'MODELS_CACHE_TTL: expected a number of seconds (0 or more), got "-5"',
    ],
    ['CONTEXT_LENGTH', '0', 'CONTEXT_LENGTH: expected an integer from 1 to 100000000, got "0"'],
    [
      'UPSTREAM_TIMEOUT',
      ' ',
      'UPSTREAM_TIMEOUT: expected a number of seconds (0 or more), got " "',
    ],
    [
      'UPSTREAM_MAX_RETRIES',
      '99',
      'UPSTREAM_MAX_RETRIES: expected an integer from 0 to 10, got "99"',
    ],
    ['DOCS', 'perhaps', 'DOCS: expected true or false, got "perhaps"'],
    [
      'DRAIN_TIMEOUT',
      'soon',
      'DRAIN_TIMEOUT: expected a number of seconds (0 or more), got "soon"',
    ],
    ['DEMO_DELAY_MS', '1.5', 'DEMO_DELAY_MS: expected an integer from 0 to 10000, got "1.5"'],
  ])('reports %s=%p as: %s', (variable, value, message) => {
    const error = configError(() => loadConfig([envLayer({ [variable]: value })]))
    expect(error.message).toBe(message)
  })

  test('quotes values as JSON so odd characters stay visible', () => {
    const error = configError(() => loadConfig([envLayer({ PORT: '80"\n' })]))
    expect(error.message).toBe('PORT: expected an integer from 0 to 65535, got "80\\"\\n"')
  })

  test('never echoes the API key in a configuration error', () => {
    const key = 'sk-very-secret-123'
    const error = configError(() =>
      loadConfig([envLayer({ OPENAI_API_KEY: key, PORT: 'x', DOCS: 'maybe' })]),
    )
    expect(error.message).toBe(
      [
        'PORT: expected an integer from 0 to 65535, got "x"',
        'DOCS: expected true or false, got "maybe"',
      ].join('\n'),
    )
  })

  test('shows a secret that fails to parse as (hidden), never its value', () => {
    const original = settings.apiKey.parse
    settings.apiKey.parse = () => {
      throw new Error('expected a key starting with sk-')
    }
    try {
      const error = configError(() =>
        loadConfig([envLayer({ OPENAI_API_KEY: 'bad-secret-value' })]),
      )
      expect(error.message).toBe('OPENAI_API_KEY: expected a key starting with sk-, got (hidden)')
    } finally {
      settings.apiKey.parse = original
    }
  })

  test('takes the API key from a secret file through the whole load', () => {
    const path = secretFile('key3', 'sk-loaded\n')
    expect(loadConfig([envLayer({ OPENAI_API_KEY_FILE: path })]).apiKey).toBe('sk-loaded')
  })
})
