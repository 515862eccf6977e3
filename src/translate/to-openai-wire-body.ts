import type { Dialect } from '../upstream/upstream-profile.ts'

/** The OpenAI endpoints `/v1` forwards. */
export type OpenAIEndpoint = 'chat' | 'completions' | 'embeddings'

/**
 * The fields an object may have: `any` keeps a value as it is; a nested shape applies to an object,
 * or to each object of a list; `Variants` picks the shape by the value of one field (a message's
 * role, a part's type).
 */
interface Fields {
  readonly [field: string]: Shape
}
class Variants {
  constructor(
    readonly by: string,
    readonly variants: Readonly<Record<string, Fields>>,
  ) {}
}
type Shape = typeof any | Fields | Variants

const any = 'any'

/** Fields whose values are kept as they are. */
const asIs = (...names: string[]): Fields => Object.fromEntries(names.map((name) => [name, any]))

const contentPart = new Variants('type', {
  text: asIs('type', 'text', 'prompt_cache_breakpoint'),
  image_url: { ...asIs('type', 'prompt_cache_breakpoint'), image_url: asIs('url', 'detail') },
  input_audio: {
    ...asIs('type', 'prompt_cache_breakpoint'),
    input_audio: asIs('data', 'format'),
  },
  file: {
    ...asIs('type', 'prompt_cache_breakpoint'),
    file: asIs('file_data', 'file_id', 'filename'),
  },
  refusal: asIs('type', 'refusal'),
})

const toolCall = new Variants('type', {
  function: { ...asIs('id', 'type'), function: asIs('name', 'arguments') },
  custom: { ...asIs('id', 'type'), custom: asIs('name', 'input') },
})

const instruction = { ...asIs('role', 'name'), content: contentPart }

const message = new Variants('role', {
  system: instruction,
  developer: instruction,
  user: instruction,
  assistant: {
    ...asIs('role', 'name', 'refusal'),
    content: contentPart,
    audio: asIs('id'),
    tool_calls: toolCall,
    function_call: asIs('name', 'arguments'),
  },
  tool: { ...asIs('role', 'tool_call_id'), content: contentPart },
  function: asIs('role', 'content', 'name'),
})

const tool = new Variants('type', {
  function: {
    ...asIs('type'),
    function: asIs('name', 'description', 'parameters', 'strict'),
  },
  custom: { ...asIs('type'), custom: asIs('name', 'description', 'format') },
})

const sampling = ['temperature', 'top_p', 'seed', 'stop', 'n', 'stream', 'stream_options']
const penalties = ['presence_penalty', 'frequency_penalty', 'logit_bias', 'max_tokens', 'user']

/** OpenAI's request bodies, as the `openai` SDK's types describe them. */
const requests: Record<OpenAIEndpoint, Fields> = {
  chat: {
    ...asIs('model', ...sampling, ...penalties, 'max_completion_tokens', 'logprobs'),
    ...asIs('top_logprobs', 'tool_choice', 'parallel_tool_calls', 'functions', 'function_call'),
    ...asIs('response_format', 'reasoning_effort', 'verbosity', 'modalities', 'audio'),
    ...asIs('prediction', 'web_search_options', 'moderation', 'store', 'metadata'),
    ...asIs('service_tier', 'safety_identifier', 'prompt_cache_key', 'prompt_cache_options'),
    ...asIs('prompt_cache_retention'),
    messages: message,
    tools: tool,
  },
  completions: asIs(
    ...['model', 'prompt', 'suffix', ...sampling, ...penalties],
    ...['logprobs', 'echo', 'best_of'],
  ),
  embeddings: asIs('model', 'input', 'dimensions', 'encoding_format', 'user'),
}

/**
 * An OpenAI request body as the backend gets it from `/v1`. A strict backend (the `openai`
 * dialect) refuses fields it does not know, so it gets only those of OpenAI's schema — at the top
 * level, in messages, content parts, tool calls and tools — as Ollama's own `/v1` ignores the rest
 * (`keep_alive`, `options`, Copilot's `copilot_cache_control` on messages…). Backends with
 * extras ignore what they do not know and take parameters OpenAI lacks (`top_k`,
 * `chat_template_kwargs`…): they get the body as sent. Values of a type or kind OpenAI does not
 * have (a role, a part type) are left for the backend to judge.
 */
export function toOpenAIWireBody(
  endpoint: OpenAIEndpoint,
  body: Record<string, unknown>,
  dialect: Dialect,
): Record<string, unknown> {
  if (dialect !== 'openai') return body
  return keepKnown(requests[endpoint], body) as Record<string, unknown>
}

function keepKnown(shape: Shape, value: unknown): unknown {
  if (shape === any) return value
  if (Array.isArray(value)) return value.map((item) => keepKnown(shape, item))
  if (value === null || typeof value !== 'object') return value
  const object = value as Record<string, unknown>
  const fields = shape instanceof Variants ? ownField(shape.variants, object[shape.by]) : shape
  if (fields === undefined) return value
  const kept: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(object)) {
    const fieldShape = ownField(fields, key)
    if (fieldShape !== undefined) kept[key] = keepKnown(fieldShape, field)
  }
  return kept
}

/** `record[key]`, ignoring what objects inherit (a role named "constructor" is no known role). */
function ownField<Value>(record: Readonly<Record<string, Value>>, key: unknown): Value | undefined {
  return typeof key === 'string' && Object.hasOwn(record, key) ? record[key] : undefined
}
