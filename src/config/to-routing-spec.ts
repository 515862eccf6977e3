import type { AliasSpec, BackendSpec, RoutingSpec } from '../backends/routing-spec.ts'
import { limitMs } from './limit-ms.ts'
import type { FileRouting } from './read-routing-sections.ts'
import { type Config, settings } from './settings.ts'

/**
 * Which backend the flat settings describe: the configured one, or with `auto` the demo when
 * nothing could work otherwise (no API key for api.openai.com). Keyless local servers work with
 * only a base URL.
 */
export function chooseBackend(config: Config): 'openai' | 'demo' {
  if (config.upstream !== 'auto') return config.upstream
  return config.apiKey === '' && config.baseUrl === settings.baseUrl.default ? 'demo' : 'openai'
}

/** The backend `default`, as the flat settings (OPENAI_API_KEY, OPENAI_API_BASE_URL, …) describe it. */
export function defaultBackendSpec(config: Config): BackendSpec {
  return {
    id: 'default',
    baseUrl: config.baseUrl,
    ...(chooseBackend(config) === 'demo' && { demo: { tokenDelayMs: config.demoDelay } }),
    apiKey: config.apiKey,
    dialect: config.dialect,
    maxTokensParam: config.maxTokensParam,
    streamUsage: config.streamUsage,
    headers: {},
    query: {},
    models: config.models,
    include: [],
    exclude: [],
    prefix: '',
    connectTimeoutMs: limitMs(config.upstreamConnectTimeout),
    timeoutMs: limitMs(config.upstreamTimeout),
    idleTimeoutMs: limitMs(config.upstreamIdleTimeout),
    modelsTimeoutMs: limitMs(config.modelsTimeout),
    maxRetries: config.upstreamRetries,
    modelsCacheTtlMs: config.modelsCacheTtl * 1000,
    breaker: {
      failures: config.circuitBreakerFailures,
      cooldownMs: config.circuitBreakerCooldown * 1000,
    },
  }
}

/**
 * The whole routing configuration. Without `backends` in the file, the one backend is `default`,
 * from the flat settings, as before there were several. With them, `default` comes first when a
 * flat backend setting (OPENAI_API_KEY, OPENAI_API_BASE_URL, UPSTREAM) is given, unless the file
 * defines a backend of that name itself. MODEL_ALIASES adds to the file's aliases, and wins over
 * an alias of the same name there.
 */
export function toRoutingSpec(
  config: Config,
  file: FileRouting | undefined,
  flatBackendGiven: boolean,
): RoutingSpec {
  const fileBackends = file?.backends ?? []
  const withDefault =
    fileBackends.length === 0 ||
    (flatBackendGiven && !fileBackends.some((backend) => backend.id === 'default'))
  const fromSetting: AliasSpec[] = config.modelAliases.map(([name, target]) => ({ name, target }))
  const overridden = new Set(fromSetting.map((alias) => alias.name.toLowerCase()))
  return {
    backends: withDefault ? [defaultBackendSpec(config), ...fileBackends] : fileBackends,
    aliases: [
      ...(file?.aliases ?? []).filter((alias) => !overridden.has(alias.name.toLowerCase())),
      ...fromSetting,
    ],
    fallbacks: file?.fallbacks ?? [],
    clients: file?.clients ?? {},
  }
}
