/**
 * Every setting of the service, once: its env variable, its CLI flag, its default and how its text
 * is parsed. The config loader, `--help` and the README's table are all derived from this list.
 */
import { type ClientKey, parseClientKeys } from './parse-client-keys.ts'

/** Turns the text of a setting into its value, or throws a message saying what was expected. */
type Parse<T> = (text: string) => T

export interface Setting<T> {
  env: string
  flag: string
  default: T
  description: string
  parse: Parse<T>
  /** Never logged; may also be read from the file named by `<ENV>_FILE`. */
  secret?: boolean
  /** How `--help` and the README write the default, when not as is (e.g. `32MiB`). */
  shown?: string
}

const text: Parse<string> = (value) => value

const oneOf =
  <const T extends string>(...choices: T[]): Parse<T> =>
  (value) => {
    const choice = choices.find((candidate) => candidate === value.trim().toLowerCase())
    if (choice === undefined) throw new Error(`expected one of ${choices.join(', ')}`)
    return choice
  }

const integer =
  (min: number, max: number): Parse<number> =>
  (value) => {
    const number = Number(value.trim())
    if (!/^-?\d+$/.test(value.trim()) || number < min || number > max) {
      throw new Error(`expected an integer from ${min} to ${max}`)
    }
    return number
  }

const seconds: Parse<number> = (value) => {
  const number = Number(value.trim())
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) {
    throw new Error('expected a number of seconds (0 or more)')
  }
  return number
}

const positiveSeconds: Parse<number> = (value) => {
  const number = seconds(value)
  if (number === 0) throw new Error('expected a number of seconds above 0')
  return number
}

const boolean: Parse<boolean> = (value) => {
  const normalized = value.trim().toLowerCase()
  if (['1', 'true', 'yes', 'on'].includes(normalized)) return true
  if (['0', 'false', 'no', 'off'].includes(normalized)) return false
  throw new Error('expected true or false')
}

const byteUnits: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }

/** A size in bytes: `1048576`, `512KiB`, `32MiB`, `1GiB` (also `k`, `KB`, `m`, `MB`…: 1024-based). */
const bytes: Parse<number> = (value) => {
  const match = /^(\d+)\s*(?:([kmg])(?:i?b)?|b)?$/i.exec(value.trim())
  const size = match && Number(match[1]) * (byteUnits[(match[2] ?? '').toLowerCase()] ?? 1)
  if (!size || !Number.isSafeInteger(size)) {
    throw new Error('expected a size such as 32MiB, 512KiB or 1048576 (bytes), more than 0')
  }
  return size
}

const list: Parse<string[]> = (value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')

/** `name=model` pairs, comma-separated: `claude-haiku-4-5=gpt-4o-mini,coder=qwen3-coder`. */
const aliasPairs: Parse<[name: string, target: string][]> = (value) =>
  list(value).map((pair) => {
    const equals = pair.indexOf('=')
    const name = pair.slice(0, Math.max(equals, 0)).trim()
    const target = pair.slice(equals + 1).trim()
    if (equals < 0 || name === '' || target === '') {
      throw new Error(
        'expected name=model pairs separated by commas, e.g. claude-haiku-4-5=gpt-4o-mini',
      )
    }
    return [name, target]
  })

const httpUrl: Parse<string> = (value) => {
  const url = URL.parse(value.trim())
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new Error('expected an http:// or https:// URL')
  }
  return value.trim().replace(/\/+$/, '')
}

const ollamaVersion: Parse<string> = (value) => {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(value.trim())
  const [major, minor, patch] = (match?.slice(1) ?? []).map(Number)
  if (major === undefined || minor === undefined || patch === undefined) {
    throw new Error('expected a version such as 0.12.3')
  }
  if (major === 0 && (minor < 6 || (minor === 6 && patch < 4))) {
    throw new Error('expected 0.6.4 or newer: older versions are refused by GitHub Copilot')
  }
  return value.trim()
}

export const settings = {
  upstream: {
    env: 'UPSTREAM',
    flag: 'upstream',
    default: 'auto',
    description:
      'Backend: openai (any OpenAI-compatible server), demo (built in, no account needed), or auto (demo when no API key is set for api.openai.com)',
    parse: oneOf('auto', 'openai', 'demo'),
  },
  apiKey: {
    env: 'OPENAI_API_KEY',
    flag: 'api-key',
    default: '',
    description:
      'API key sent to the backend (also read from the file named by OPENAI_API_KEY_FILE)',
    parse: text,
    secret: true,
  },
  baseUrl: {
    env: 'OPENAI_API_BASE_URL',
    flag: 'base-url',
    default: 'https://api.openai.com/v1',
    description: 'Base URL of the OpenAI-compatible API, including /v1',
    parse: httpUrl,
  },
  dialect: {
    env: 'UPSTREAM_DIALECT',
    flag: 'dialect',
    default: 'auto',
    description:
      'Which non-standard parameters the backend accepts: openai (strict, standard only), openrouter, vllm, llamacpp, or auto (openrouter for openrouter.ai, else openai)',
    parse: oneOf('auto', 'openai', 'openrouter', 'vllm', 'llamacpp'),
  },
  maxTokensParam: {
    env: 'MAX_TOKENS_PARAM',
    flag: 'max-tokens-param',
    default: 'max_tokens',
    description:
      'Where options.num_predict goes: max_tokens, or max_completion_tokens (OpenAI reasoning models)',
    parse: oneOf('max_tokens', 'max_completion_tokens'),
  },
  streamUsage: {
    env: 'STREAM_USAGE',
    flag: 'stream-usage',
    default: true,
    description:
      'Ask for token usage in streams (stream_options.include_usage); turn off for backends that reject it',
    parse: boolean,
  },
  host: {
    env: 'HOST',
    flag: 'host',
    default: '127.0.0.1',
    description:
      'Address to listen on: this machine only by default, as Ollama; 0.0.0.0 for every interface (the Docker image sets it)',
    parse: text,
  },
  port: {
    env: 'PORT',
    flag: 'port',
    default: 11434,
    description: 'Port to listen on',
    parse: integer(0, 65535),
  },
  logLevel: {
    env: 'LOG_LEVEL',
    flag: 'log-level',
    default: 'info',
    description: 'Least severe log level written: debug, info, warn, error',
    parse: oneOf('debug', 'info', 'warn', 'error'),
  },
  environment: {
    env: 'ENV',
    flag: 'env',
    default: 'production',
    description: 'Deployment environment reported by /health and in logs',
    parse: text,
  },
  ollamaVersion: {
    env: 'OLLAMA_VERSION',
    flag: 'ollama-version',
    default: '0.14.0',
    description:
      'Ollama version reported by /api/version (0.6.4 or newer; Codex needs 0.13.4 or newer for /v1/responses)',
    parse: ollamaVersion,
  },
  models: {
    env: 'MODELS',
    flag: 'models',
    default: [] as string[],
    description:
      'Comma-separated model ids to offer instead of the backend list (e.g. Azure deployments)',
    parse: list,
  },
  modelAliases: {
    env: 'MODEL_ALIASES',
    flag: 'model-aliases',
    default: [] as [name: string, target: string][],
    description:
      'Other names for models, comma-separated name=model pairs (e.g. claude-haiku-4-5=gpt-4o-mini); added to the aliases of the config file, and win over them',
    parse: aliasPairs,
  },
  modelsCacheTtl: {
    env: 'MODELS_CACHE_TTL',
    flag: 'models-cache-ttl',
    default: 60,
    description: 'Seconds the backend model list is cached',
    parse: seconds,
  },
  contextLength: {
    env: 'CONTEXT_LENGTH',
    flag: 'context-length',
    default: 128000,
    description: 'Context length reported for models whose backend does not say',
    parse: integer(1, 100_000_000),
  },
  upstreamConnectTimeout: {
    env: 'UPSTREAM_CONNECT_TIMEOUT',
    flag: 'upstream-connect-timeout',
    default: 10,
    description:
      'Seconds to connect to the backend: when its headers are this late, an unreachable backend gets 504 (0: no limit)',
    parse: seconds,
  },
  upstreamTimeout: {
    env: 'UPSTREAM_TIMEOUT',
    flag: 'upstream-timeout',
    default: 600,
    description:
      "Seconds to wait for the backend's response headers before answering 504 (0: no limit)",
    parse: seconds,
  },
  upstreamIdleTimeout: {
    env: 'UPSTREAM_IDLE_TIMEOUT',
    flag: 'upstream-idle-timeout',
    default: 600,
    description:
      'Seconds the backend may send nothing once its answer has started (reasoning models think in silence) before the request ends with an error (0: no limit)',
    parse: seconds,
  },
  modelsTimeout: {
    env: 'MODELS_TIMEOUT',
    flag: 'models-timeout',
    default: 10,
    description:
      'Seconds to fetch a backend model list; a cached list is served meanwhile, and a backend with none that does not answer in time is left out of the merged list (0: no limit)',
    parse: seconds,
  },
  keepAliveInterval: {
    env: 'KEEPALIVE_INTERVAL',
    flag: 'keepalive-interval',
    default: 10,
    description:
      'Seconds of silence after which a streamed answer gets a keep-alive (SSE comment or ping); also how long a stream may wait for its first output before its response starts',
    parse: positiveSeconds,
  },
  upstreamRetries: {
    env: 'UPSTREAM_MAX_RETRIES',
    flag: 'upstream-max-retries',
    default: 0,
    description:
      'Retries of a backend call that failed before its answer started (connection failure, 429, 5xx), with backoff or after its Retry-After',
    parse: integer(0, 10),
  },
  apiKeys: {
    env: 'API_KEYS',
    flag: 'api-keys',
    default: [] as ClientKey[],
    description:
      'Keys clients must send (Authorization: Bearer, x-api-key, or a /k/<key>/ path prefix), comma- or line-separated, each optionally name:key (the name is logged); none: no key needed',
    parse: parseClientKeys,
    secret: true,
  },
  allowedHosts: {
    env: 'ALLOWED_HOSTS',
    flag: 'allowed-hosts',
    default: [] as string[],
    description:
      'Host names accepted in requests besides loopback ones while listening on loopback (comma-separated, * wildcards; * for any): a guard against DNS rebinding',
    parse: list,
  },
  maxBodySize: {
    env: 'MAX_BODY_SIZE',
    flag: 'max-body-size',
    default: 32 * 1024 ** 2,
    shown: '32MiB',
    description: 'Largest request body accepted (e.g. 32MiB, 512KiB); larger ones get 413',
    parse: bytes,
  },
  maxConcurrentRequests: {
    env: 'MAX_CONCURRENT_REQUESTS',
    flag: 'max-concurrent-requests',
    default: 4096,
    description:
      'Requests served at once, open streams included; more get 503 with Retry-After (health checks are never refused)',
    parse: integer(1, 60_000),
  },
  circuitBreakerFailures: {
    env: 'CIRCUIT_BREAKER_FAILURES',
    flag: 'circuit-breaker-failures',
    default: 5,
    description:
      'Failures in a row (429, 5xx, timeout, unreachable) after which a backend is passed over for the cool-down while a fallback can answer; 0 never',
    parse: integer(0, 1000),
  },
  circuitBreakerCooldown: {
    env: 'CIRCUIT_BREAKER_COOLDOWN',
    flag: 'circuit-breaker-cooldown',
    default: 30,
    description: 'Seconds a failing backend is skipped before one request tries it again',
    parse: seconds,
  },
  watchConfig: {
    env: 'WATCH_CONFIG',
    flag: 'watch-config',
    default: false,
    description:
      'Reload the --config file when it changes (as on SIGHUP): backends, aliases and fallbacks; running streams are not interrupted',
    parse: boolean,
  },
  metricsPublic: {
    env: 'METRICS_PUBLIC',
    flag: 'metrics-public',
    default: false,
    description: 'Serve /metrics without a client key even when client keys are configured',
    parse: boolean,
  },
  corsOrigins: {
    env: 'CORS_ORIGINS',
    flag: 'cors-origins',
    default: [] as string[],
    description:
      'Extra browser origins allowed (comma-separated, * for any); localhost and editor webviews are always allowed',
    parse: list,
  },
  docs: {
    env: 'DOCS',
    flag: 'docs',
    default: true,
    description: 'Serve the API docs (Swagger UI at /swagger, OpenAPI at /swagger/json)',
    parse: boolean,
  },
  drainTimeout: {
    env: 'DRAIN_TIMEOUT',
    flag: 'drain-timeout',
    default: 10,
    description: 'Seconds in-flight requests may take to finish after SIGTERM',
    parse: seconds,
  },
  demoDelay: {
    env: 'DEMO_DELAY_MS',
    flag: 'demo-delay-ms',
    default: 15,
    description: 'Milliseconds between tokens streamed by the demo backend',
    parse: integer(0, 10_000),
  },
} satisfies Record<string, Setting<unknown>>

export type SettingKey = keyof typeof settings
export type Config = { [K in SettingKey]: ReturnType<(typeof settings)[K]['parse']> }
