import type { Sampling, ThinkSetting } from '../core/generation-request.ts'
import type { Options } from '../ollama/schemas.ts'
import type { Dialect, UpstreamProfile } from '../upstream/upstream-profile.ts'
import type { AccessScope } from './model-access.ts'

/**
 * What the configuration says about backends, aliases and fallbacks, as plain data: read from the
 * settings (the backend `default`) and the config file, turned into live backends by
 * `createRoutingTable`.
 */
export interface RoutingSpec {
  /** In configured order: a name two backends offer resolves to the first. */
  backends: BackendSpec[]
  aliases: AliasSpec[]
  fallbacks: FallbackSpec[]
  /** What each client key (by its name) may use; a key not listed may use everything. */
  clients?: Record<string, AccessScope>
}

export interface BackendSpec {
  /** The backend's name: `default` for the one the flat settings describe. */
  id: string
  baseUrl: string
  /** Answer from the built-in demo backend instead (UPSTREAM=demo), with this token delay. */
  demo?: { tokenDelayMs: number }
  apiKey: string
  dialect: Dialect | 'auto'
  maxTokensParam: UpstreamProfile['maxTokensParam']
  streamUsage: boolean
  /** Sent with every request (e.g. OpenRouter's HTTP-Referer). */
  headers: Record<string, string>
  /** Added to every request URL (e.g. Azure's api-version). */
  query: Record<string, string>
  /** Model ids offered without asking the backend's /models (e.g. Azure deployments). */
  models: string[]
  /** Globs over model ids: only matching ones are offered (all when empty)… */
  include: string[]
  /** …minus these. */
  exclude: string[]
  /** Put before every model id in the names clients see (e.g. `or/`). */
  prefix: string
  /** Context length reported for every model of the backend, whatever the backend says. */
  contextLength?: number
  /** Time limits in ms (Infinity: none): connecting, the answer's headers, silence within it, /models. */
  connectTimeoutMs: number
  timeoutMs: number
  idleTimeoutMs: number
  modelsTimeoutMs: number
  maxRetries: number
  modelsCacheTtlMs: number
  breaker: BreakerSpec
}

export interface BreakerSpec {
  /** Failures in a row that open the circuit; 0 never opens it. */
  failures: number
  cooldownMs: number
}

/** Another name for a model, with default options that a request's own values override. */
export interface AliasSpec {
  name: string
  /** A model name, a `<backend>/<model id>`, or another alias. */
  target: string
  defaults?: RouteDefaults
}

/** Where to go, in order, when the model a name resolves to fails before any output. */
export interface FallbackSpec {
  name: string
  targets: string[]
}

/** An alias's default options, as the pipeline applies them and /api/show reports them. */
export interface RouteDefaults {
  sampling: Sampling
  think?: ThinkSetting
  /** num_ctx: the context length reported for the alias. */
  contextLength?: number
  /** The options as configured, for /api/show's parameters. */
  options: Options & { think?: ThinkSetting }
}
