/**
 * The Ollama wire format, once: request and response schemas as TypeBox (`t`) values. Routes
 * validate with them, the OpenAPI document is generated from them, and every TypeScript type of
 * the Ollama side is derived from them (`typeof X.static`).
 */
import { t } from 'elysia'

const modelName = (description: string) =>
  t.String({ description, examples: ['llama3.2', 'gpt-4o-mini:latest'] })

export const ErrorResponse = t.Object(
  {
    error: t.String({
      description: 'What went wrong, in words',
      examples: ["model 'x' not found"],
    }),
  },
  { description: 'Every error, as a JSON body or as the last line of a stream' },
)
export type ErrorResponse = typeof ErrorResponse.static

export const VersionResponse = t.Object({
  version: t.String({ description: 'The Ollama version this server speaks', examples: ['0.12.3'] }),
})

export const ThinkValue = t.Union(
  // Literals, not t.UnionEnum: UnionEnum carries a default that Elysia would fill in when absent.
  [t.Boolean(), t.Literal('high'), t.Literal('medium'), t.Literal('low'), t.Literal('max')],
  {
    description:
      'Ask the model to think before answering: true/false, or an effort level. Absent: the model decides.',
    error: 'think must be a boolean or one of "high", "medium", "low", "max"',
  },
)
export type ThinkValue = typeof ThinkValue.static

export const KeepAlive = t.Union([t.Number(), t.String()], {
  description:
    'How long the model stays listed in /api/ps after this request: seconds, or a duration such as "5m". 0 unloads.',
  examples: ['5m', 0],
  error: 'keep_alive must be a number of seconds or a duration string such as "5m"',
})

export const Format = t.Union([t.String(), t.Null(), t.Record(t.String(), t.Unknown())], {
  description: '"json" for JSON mode, or a JSON Schema object for structured output',
  examples: ['json', { type: 'object', properties: { answer: { type: 'string' } } }],
  error: 'format must be "json" or a JSON Schema object',
})
export type Format = typeof Format.static

const integerOption = (description: string) => t.Optional(t.Number({ description }))

export const Options = t.Object(
  {
    temperature: t.Optional(t.Number({ description: 'Sampling temperature' })),
    top_p: t.Optional(t.Number({ description: 'Nucleus sampling' })),
    top_k: integerOption('Top-k sampling (sent only to backends that accept extras)'),
    min_p: t.Optional(t.Number({ description: 'Min-p sampling (extras only)' })),
    typical_p: t.Optional(t.Number({ description: 'Typical sampling (extras only)' })),
    repeat_penalty: t.Optional(t.Number({ description: 'Repetition penalty (extras only)' })),
    repeat_last_n: integerOption('Window for the repetition penalty (llama.cpp only)'),
    presence_penalty: t.Optional(t.Number()),
    frequency_penalty: t.Optional(t.Number()),
    seed: integerOption('Sampling seed; negative means random'),
    num_predict: integerOption('Maximum tokens to generate; -1 or absent means no limit'),
    num_ctx: integerOption('Context window (ignored: the backend owns it)'),
    stop: t.Optional(
      t.Union([t.String(), t.Array(t.String())], { description: 'Stop sequence(s)' }),
    ),
  },
  {
    description:
      'Model options. Unknown keys are ignored, as Ollama does; see the README for what reaches the backend.',
    additionalProperties: true,
  },
)
export type Options = typeof Options.static

export const ToolCall = t.Object(
  {
    id: t.Optional(t.String({ examples: ['call_k3x9q2ab'] })),
    function: t.Object(
      {
        index: t.Optional(t.Integer()),
        name: t.String({ examples: ['get_weather'] }),
        arguments: t.Union([t.Record(t.String(), t.Unknown()), t.String()], {
          description: 'The arguments, as an object (Ollama) or a JSON string (accepted leniently)',
          examples: [{ city: 'Tokyo' }],
        }),
      },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: true },
)
export type ToolCall = typeof ToolCall.static

export const Tool = t.Object(
  {
    type: t.String({ examples: ['function'] }),
    function: t.Object(
      {
        name: t.String(),
        description: t.Optional(t.String()),
        parameters: t.Optional(t.Unknown({ description: 'JSON Schema of the arguments' })),
      },
      { additionalProperties: true },
    ),
  },
  {
    description: 'A tool the model may call; forwarded to the backend as given',
    additionalProperties: true,
  },
)
export type Tool = typeof Tool.static

export const Message = t.Object({
  role: t.String({ description: 'system, user, assistant or tool', examples: ['user'] }),
  content: t.Optional(t.Union([t.String(), t.Null()], { description: 'The text of the message' })),
  thinking: t.Optional(t.String({ description: "The model's reasoning (assistant messages)" })),
  images: t.Optional(
    t.Array(t.String(), { description: 'Base64-encoded images (a data: prefix is accepted)' }),
  ),
  tool_calls: t.Optional(t.Array(ToolCall)),
  tool_name: t.Optional(
    t.String({ description: 'Which tool produced this result (tool messages)' }),
  ),
  tool_call_id: t.Optional(
    t.String({ description: 'Which call this result answers (tool messages)' }),
  ),
})
export type Message = typeof Message.static

const commonGenerationFields = {
  format: t.Optional(Format),
  options: t.Optional(Options),
  stream: t.Optional(
    t.Boolean({ description: 'Stream NDJSON chunks (the default) or answer with one object' }),
  ),
  keep_alive: t.Optional(KeepAlive),
  think: t.Optional(ThinkValue),
  logprobs: t.Optional(t.Boolean({ description: 'Return log probabilities of the output tokens' })),
  top_logprobs: t.Optional(
    t.Integer({
      minimum: 0,
      maximum: 20,
      error: 'top_logprobs must be between 0 and 20',
      description: 'How many alternatives per token (0–20)',
    }),
  ),
  truncate: t.Optional(
    t.Boolean({ description: 'Accepted for compatibility; the backend decides' }),
  ),
  shift: t.Optional(t.Boolean({ description: 'Accepted for compatibility; the backend decides' })),
}

export const ChatRequest = t.Object({
  model: t.Optional(modelName('The model to chat with')),
  messages: t.Optional(
    t.Array(Message, { description: 'The conversation; empty or absent only loads the model' }),
  ),
  tools: t.Optional(t.Array(Tool)),
  ...commonGenerationFields,
})
export type ChatRequest = typeof ChatRequest.static

export const GenerateRequest = t.Object({
  model: t.Optional(modelName('The model to generate with')),
  prompt: t.Optional(t.String({ description: 'The prompt; empty or absent only loads the model' })),
  suffix: t.Optional(
    t.String({ description: 'Text after the insertion point (fill-in-the-middle)' }),
  ),
  system: t.Optional(t.String({ description: 'System prompt' })),
  template: t.Optional(t.String({ description: 'Ignored: templates are applied by the backend' })),
  context: t.Optional(t.Array(t.Number(), { description: 'Deprecated; ignored' })),
  raw: t.Optional(
    t.Boolean({ description: 'Send the prompt verbatim to the completions endpoint' }),
  ),
  images: t.Optional(t.Array(t.String(), { description: 'Base64-encoded images' })),
  ...commonGenerationFields,
})
export type GenerateRequest = typeof GenerateRequest.static

const metrics = {
  total_duration: t.Optional(t.Integer({ description: 'Nanoseconds from request to last chunk' })),
  load_duration: t.Optional(t.Integer({ description: 'Nanoseconds before the upstream call' })),
  prompt_eval_count: t.Optional(t.Integer({ description: 'Prompt tokens' })),
  prompt_eval_duration: t.Optional(t.Integer({ description: 'Nanoseconds to the first token' })),
  eval_count: t.Optional(t.Integer({ description: 'Generated tokens' })),
  eval_duration: t.Optional(t.Integer({ description: 'Nanoseconds from first to last token' })),
}

export const TokenLogprob = t.Object({
  token: t.String(),
  logprob: t.Number(),
  bytes: t.Optional(t.Array(t.Integer())),
  top_logprobs: t.Optional(
    t.Array(
      t.Object({ token: t.String(), logprob: t.Number(), bytes: t.Optional(t.Array(t.Integer())) }),
    ),
  ),
})
export type TokenLogprob = typeof TokenLogprob.static

const doneFields = {
  done: t.Boolean({ description: 'true on the last chunk only' }),
  done_reason: t.Optional(
    t.String({
      description: 'Why generation ended: stop, length, load or unload',
      examples: ['stop'],
    }),
  ),
  ...metrics,
  logprobs: t.Optional(t.Array(TokenLogprob)),
}

export const ResponseToolCall = t.Object({
  id: t.Optional(t.String()),
  function: t.Object({
    index: t.Integer(),
    name: t.String(),
    arguments: t.Record(t.String(), t.Unknown()),
  }),
})
export type ResponseToolCall = typeof ResponseToolCall.static

export const ChatResponse = t.Object(
  {
    model: t.String({ description: 'The model, as the request named it' }),
    created_at: t.String({ format: 'date-time' }),
    message: t.Object({
      role: t.Literal('assistant'),
      content: t.String(),
      thinking: t.Optional(t.String()),
      tool_calls: t.Optional(t.Array(ResponseToolCall)),
    }),
    ...doneFields,
  },
  {
    description: 'One chat chunk; with stream:false, the whole answer',
    examples: [
      {
        model: 'llama3.2',
        created_at: '2025-07-07T20:22:19.4Z',
        message: { role: 'assistant', content: 'Hello!' },
        done: true,
        done_reason: 'stop',
        total_duration: 182242375,
        load_duration: 41295,
        prompt_eval_count: 12,
        prompt_eval_duration: 24573166,
        eval_count: 3,
        eval_duration: 115959084,
      },
    ],
  },
)
export type ChatResponse = typeof ChatResponse.static

export const GenerateResponse = t.Object(
  {
    model: t.String(),
    created_at: t.String({ format: 'date-time' }),
    response: t.String({ description: 'The text of this chunk' }),
    thinking: t.Optional(t.String()),
    ...doneFields,
  },
  {
    description: 'One generate chunk; with stream:false, the whole answer',
    examples: [
      {
        model: 'llama3.2',
        created_at: '2025-07-07T20:22:19.4Z',
        response: 'The sky is blue because…',
        done: true,
        done_reason: 'stop',
        prompt_eval_count: 9,
        eval_count: 42,
      },
    ],
  },
)
export type GenerateResponse = typeof GenerateResponse.static

export const EmbedRequest = t.Object({
  model: t.Optional(modelName('The embedding model')),
  input: t.Optional(
    t.Union([t.String(), t.Array(t.String())], {
      description: 'A text or a list of texts',
      error: 'invalid input type',
    }),
  ),
  dimensions: t.Optional(
    t.Integer({ minimum: 1, description: 'Truncate each vector to this size (re-normalized)' }),
  ),
  truncate: t.Optional(t.Boolean()),
  keep_alive: t.Optional(KeepAlive),
  options: t.Optional(Options),
})
export type EmbedRequest = typeof EmbedRequest.static

export const EmbedResponse = t.Object({
  model: t.String(),
  embeddings: t.Array(t.Array(t.Number()), { description: 'One unit-length vector per input' }),
  total_duration: t.Optional(t.Integer()),
  load_duration: t.Optional(t.Integer()),
  prompt_eval_count: t.Optional(t.Integer()),
})
export type EmbedResponse = typeof EmbedResponse.static

export const EmbeddingsRequest = t.Object({
  model: t.Optional(modelName('The embedding model')),
  prompt: t.Optional(t.String({ description: 'The text to embed' })),
  keep_alive: t.Optional(KeepAlive),
  options: t.Optional(Options),
})
export type EmbeddingsRequest = typeof EmbeddingsRequest.static

export const EmbeddingsResponse = t.Object({
  embedding: t.Array(t.Number(), { description: 'The vector, as the backend returned it' }),
})
export type EmbeddingsResponse = typeof EmbeddingsResponse.static

export const ModelDetails = t.Object({
  parent_model: t.String(),
  format: t.String({ examples: ['gguf'] }),
  family: t.String({ examples: ['gpt'] }),
  families: t.Array(t.String()),
  parameter_size: t.String(),
  quantization_level: t.String(),
})
export type ModelDetails = typeof ModelDetails.static

export const ModelEntry = t.Object({
  name: t.String({ examples: ['gpt-4o-mini:latest'] }),
  model: t.String({ examples: ['gpt-4o-mini:latest'] }),
  modified_at: t.String({ format: 'date-time' }),
  size: t.Integer(),
  digest: t.String({ description: '64 hex characters derived from the model id' }),
  details: ModelDetails,
})
export type ModelEntry = typeof ModelEntry.static

export const TagsResponse = t.Object({ models: t.Array(ModelEntry) })
export type TagsResponse = typeof TagsResponse.static

export const RunningModel = t.Object({
  ...ModelEntry.properties,
  expires_at: t.String({ format: 'date-time' }),
  size_vram: t.Integer(),
  context_length: t.Integer(),
})
export type RunningModel = typeof RunningModel.static

export const PsResponse = t.Object({
  models: t.Array(RunningModel, { description: 'Models used within their keep_alive window' }),
})
export type PsResponse = typeof PsResponse.static

const legacyName = t.Optional(t.String({ description: 'Legacy alias of model' }))

export const ShowRequest = t.Object({
  model: t.Optional(modelName('The model to describe')),
  name: legacyName,
  verbose: t.Optional(t.Boolean()),
  system: t.Optional(t.String()),
})
export type ShowRequest = typeof ShowRequest.static

export const ShowResponse = t.Object({
  license: t.Optional(t.String()),
  modelfile: t.String(),
  parameters: t.String(),
  template: t.String(),
  system: t.Optional(t.String()),
  details: ModelDetails,
  model_info: t.Record(t.String(), t.Unknown(), {
    description: 'general.architecture, general.basename, <arch>.context_length, …',
  }),
  capabilities: t.Array(t.String(), {
    description: 'completion, tools, vision, thinking, embedding, insert',
  }),
  modified_at: t.String({ format: 'date-time' }),
})
export type ShowResponse = typeof ShowResponse.static

export const ModelNameRequest = t.Object({
  model: t.Optional(modelName('The model')),
  name: legacyName,
  stream: t.Optional(t.Boolean()),
  insecure: t.Optional(t.Boolean()),
})
export type ModelNameRequest = typeof ModelNameRequest.static

export const CopyRequest = t.Object({
  source: t.Optional(t.String()),
  destination: t.Optional(t.String()),
})
export type CopyRequest = typeof CopyRequest.static

export const ProgressResponse = t.Object({
  status: t.String({ examples: ['success'] }),
  digest: t.Optional(t.String()),
  total: t.Optional(t.Integer()),
  completed: t.Optional(t.Integer()),
})
export type ProgressResponse = typeof ProgressResponse.static
