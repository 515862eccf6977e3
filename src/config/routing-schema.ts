import { t } from 'elysia'
import { Options, ThinkValue } from '../ollama/schemas.ts'

/**
 * The structured part of the config file: `backends`, `aliases` and `fallbacks`, beside the flat
 * settings. Keys are snake_case, as in most YAML configuration; every key is documented in the
 * README ("Several backends").
 */

const seconds = (description: string) =>
  t.Optional(
    t.Number({ minimum: 0, description, error: 'expected a number of seconds (0 or more)' }),
  )

const oneOf = (choices: readonly string[]) =>
  t.Union(
    choices.map((choice) => t.Literal(choice)),
    { error: `expected one of ${choices.join(', ')}` },
  )

const textMap = (description: string) =>
  t.Optional(
    t.Record(t.String(), t.String(), {
      description,
      error: 'expected a mapping of names to strings',
    }),
  )

const globs = (description: string) =>
  t.Optional(
    t.Array(t.String({ minLength: 1 }), {
      description,
      error: 'expected a list of model ids or globs',
    }),
  )

export const BackendEntry = t.Object(
  {
    base_url: t.String({
      pattern: '^https?://[^\\s/]+',
      description: 'Base URL of the OpenAI-compatible API, including /v1',
      error: 'expected an http:// or https:// URL',
    }),
    api_key: t.Optional(t.String({ description: 'The API key itself (prefer the two below)' })),
    api_key_file: t.Optional(
      t.String({ minLength: 1, description: 'A file holding the key, relative to this file' }),
    ),
    api_key_env: t.Optional(
      t.String({ minLength: 1, description: 'An environment variable holding the key' }),
    ),
    dialect: t.Optional(oneOf(['auto', 'openai', 'openrouter', 'vllm', 'llamacpp'])),
    max_tokens_param: t.Optional(oneOf(['max_tokens', 'max_completion_tokens'])),
    stream_usage: t.Optional(t.Boolean({ error: 'expected true or false' })),
    headers: textMap('Headers sent with every request'),
    query: textMap('Query parameters added to every request (Azure: api-version)'),
    models: globs('Model ids to offer instead of asking the backend'),
    include: globs('Offer only the models whose id matches one of these globs'),
    exclude: globs('Do not offer the models whose id matches one of these globs'),
    prefix: t.Optional(t.String({ description: 'Put before model ids in the names clients see' })),
    context_length: t.Optional(
      t.Integer({ minimum: 1, error: 'expected a whole number of tokens (1 or more)' }),
    ),
    connect_timeout: seconds(
      'Seconds to connect (checked once the headers are this late; 0: no limit)',
    ),
    timeout: seconds("Seconds to wait for an answer's headers (0: no limit)"),
    idle_timeout: seconds('Seconds the answer may stay silent once started (0: no limit)'),
    models_timeout: seconds('Seconds to wait for the model list (0: no limit)'),
    max_retries: t.Optional(
      t.Integer({ minimum: 0, maximum: 10, error: 'expected an integer from 0 to 10' }),
    ),
    models_cache_ttl: seconds('Seconds the model list is cached'),
    circuit_breaker: t.Optional(
      t.Object(
        {
          failures: t.Optional(
            t.Integer({ minimum: 0, error: 'expected a whole number (0 never opens the circuit)' }),
          ),
          cooldown: seconds('Seconds the backend is skipped once open'),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)
export type BackendEntry = typeof BackendEntry.static

/** Alias options: Ollama's model options, plus `think`; unknown keys are refused (typos). */
export const AliasOptions = t.Object(
  { ...Options.properties, think: t.Optional(ThinkValue) },
  { additionalProperties: false },
)
export type AliasOptions = typeof AliasOptions.static

/** An alias in its long form; the short form `name: target` is read as `{ model: target }`. */
export const AliasEntry = t.Object(
  {
    model: t.String({ minLength: 1, error: 'expected the name of a model' }),
    options: t.Optional(AliasOptions),
  },
  { additionalProperties: false },
)
export type AliasEntry = typeof AliasEntry.static

/** What one client key may use: model names (globs) and backends; absent means any. */
export const ClientEntry = t.Object(
  {
    models: t.Optional(
      t.Array(t.String({ minLength: 1 }), {
        error: 'expected a list of model name globs',
        description: 'Globs over the model names the client may use (aliases, prefixed names)',
      }),
    ),
    backends: t.Optional(
      t.Array(t.String({ minLength: 1 }), {
        error: 'expected a list of backend names',
        description: 'The backends the client may use',
      }),
    ),
  },
  { additionalProperties: false },
)

export const RoutingSections = t.Object(
  {
    backends: t.Optional(
      t.Record(t.String(), BackendEntry, { error: 'expected a mapping of backend names' }),
    ),
    aliases: t.Optional(
      t.Record(t.String(), AliasEntry, { error: 'expected a mapping of alias names' }),
    ),
    fallbacks: t.Optional(
      t.Record(
        t.String(),
        t.Array(t.String({ minLength: 1 }), {
          minItems: 1,
          error: 'expected a list of one or more model names',
        }),
        {
          error: 'expected a mapping of model names to lists of models',
        },
      ),
    ),
    clients: t.Optional(
      t.Record(t.String(), ClientEntry, {
        error: 'expected a mapping of client key names (API_KEYS) to what they may use',
      }),
    ),
  },
  { additionalProperties: false },
)
export type RoutingSections = typeof RoutingSections.static

/** The top-level keys of the config file that are not flat settings. */
export const routingSectionKeys = Object.keys(RoutingSections.properties)
