import { dirname, resolve } from 'node:path'
import { TypeCompiler } from 'elysia/type-system'
import type { AccessScope } from '../backends/model-access.ts'
import type { AliasSpec, BackendSpec, FallbackSpec } from '../backends/routing-spec.ts'
import { toRouteDefaults } from '../backends/to-route-defaults.ts'
import { ConfigError } from './config-error.ts'
import { describeSchemaErrors } from './describe-schema-errors.ts'
import { limitMs } from './limit-ms.ts'
import { readSecretFile } from './read-secret-file.ts'
import { type BackendEntry, RoutingSections } from './routing-schema.ts'
import type { Config } from './settings.ts'

export interface RoutingSectionsContext {
  /** The config file's path: error messages name it, key files are relative to it. */
  file: string
  env: Record<string, string | undefined>
  /** The flat settings: defaults for what a backend does not set (timeouts, retries, …). */
  config: Config
}

export interface FileRouting {
  backends: BackendSpec[]
  aliases: AliasSpec[]
  fallbacks: FallbackSpec[]
  clients?: Record<string, AccessScope>
}

/** Backend names: they appear in logs, metrics labels and `<backend>/<model>` targets. */
const backendId = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/

/**
 * The `backends`, `aliases` and `fallbacks` sections of a config file, validated against
 * `RoutingSections`, or a ConfigError listing every problem as `file: path.in.file: what is wrong`.
 * API keys named by `api_key_file` / `api_key_env` are read now.
 */
export function readRoutingSections(
  sections: Record<string, unknown>,
  context: RoutingSectionsContext,
): FileRouting {
  const document = withLongAliases(withoutNulls(sections))
  const problems = describeSchemaErrors(TypeCompiler.Compile(RoutingSections).Errors(document))
  if (problems.length > 0) throw configError(context.file, problems)
  const valid = document as RoutingSections
  const backends: BackendSpec[] = []
  for (const [id, entry] of Object.entries(valid.backends ?? {})) {
    if (!backendId.test(id)) {
      problems.push(
        `backends.${id}: a backend name is letters, digits, "_", "-" and ".", starting with a letter or digit`,
      )
      continue
    }
    const apiKey = readApiKey(id, entry, context)
    if (apiKey instanceof Error) problems.push(apiKey.message)
    else backends.push(toBackendSpec(id, entry, apiKey, context.config))
  }
  const clientNames = new Set(context.config.apiKeys.map((client) => client.name))
  for (const name of Object.keys(valid.clients ?? {})) {
    if (!clientNames.has(name)) {
      problems.push(
        `clients.${name}: no client key is named ${name} (API_KEYS names its keys as name:key)`,
      )
    }
  }
  if (problems.length > 0) throw configError(context.file, problems)
  return {
    clients: valid.clients ?? {},
    backends,
    aliases: Object.entries(valid.aliases ?? {}).map(([name, alias]) => ({
      name,
      target: alias.model,
      ...(alias.options && { defaults: toRouteDefaults(alias.options) }),
    })),
    fallbacks: Object.entries(valid.fallbacks ?? {}).map(([name, targets]) => ({
      name,
      targets,
    })),
  }
}

function configError(file: string, problems: string[]): ConfigError {
  return new ConfigError(problems.map((problem) => `${file}: ${problem}`).join('\n'))
}

/** YAML's `aliases:` with nothing under it means none. */
function withoutNulls(sections: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(sections).filter(([, value]) => value != null))
}

/** `name: target` as `name: { model: target }`, so that the schema has one shape per alias. */
function withLongAliases(sections: Record<string, unknown>): Record<string, unknown> {
  const aliases = sections.aliases
  if (aliases === null || typeof aliases !== 'object' || Array.isArray(aliases)) return sections
  const long = Object.fromEntries(
    Object.entries(aliases).map(([name, alias]) => [
      name,
      typeof alias === 'string' ? { model: alias } : alias,
    ]),
  )
  return { ...sections, aliases: long }
}

function readApiKey(
  id: string,
  entry: BackendEntry,
  { file, env }: RoutingSectionsContext,
): string | Error {
  const given = (['api_key', 'api_key_file', 'api_key_env'] as const).filter(
    (key) => entry[key] !== undefined,
  )
  if (given.length > 1) {
    return new Error(`backends.${id}: give one of ${given.join(', ')}, not several`)
  }
  if (entry.api_key_file !== undefined) {
    try {
      return readSecretFile(
        `backends.${id}.api_key_file`,
        resolve(dirname(file), entry.api_key_file),
      )
    } catch (error) {
      return error as Error
    }
  }
  if (entry.api_key_env !== undefined) {
    const value = env[entry.api_key_env]
    if (!value) {
      return new Error(
        `backends.${id}.api_key_env: the environment variable ${entry.api_key_env} is not set`,
      )
    }
    return value
  }
  return entry.api_key ?? ''
}

function toBackendSpec(
  id: string,
  entry: BackendEntry,
  apiKey: string,
  config: Config,
): BackendSpec {
  const ms = (value: number | undefined, fallbackSeconds: number) =>
    (value ?? fallbackSeconds) * 1000
  return {
    id,
    baseUrl: entry.base_url.replace(/\/+$/, ''),
    apiKey,
    dialect: (entry.dialect ?? 'auto') as BackendSpec['dialect'],
    maxTokensParam: (entry.max_tokens_param ?? 'max_tokens') as BackendSpec['maxTokensParam'],
    streamUsage: entry.stream_usage ?? true,
    headers: entry.headers ?? {},
    query: entry.query ?? {},
    models: entry.models ?? [],
    include: entry.include ?? [],
    exclude: entry.exclude ?? [],
    prefix: entry.prefix ?? '',
    ...(entry.context_length !== undefined && { contextLength: entry.context_length }),
    connectTimeoutMs: limitMs(entry.connect_timeout ?? config.upstreamConnectTimeout),
    timeoutMs: limitMs(entry.timeout ?? config.upstreamTimeout),
    idleTimeoutMs: limitMs(entry.idle_timeout ?? config.upstreamIdleTimeout),
    modelsTimeoutMs: limitMs(entry.models_timeout ?? config.modelsTimeout),
    maxRetries: entry.max_retries ?? config.upstreamRetries,
    modelsCacheTtlMs: ms(entry.models_cache_ttl, config.modelsCacheTtl),
    breaker: {
      failures: entry.circuit_breaker?.failures ?? config.circuitBreakerFailures,
      cooldownMs: ms(entry.circuit_breaker?.cooldown, config.circuitBreakerCooldown),
    },
  }
}
