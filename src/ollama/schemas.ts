/**
 * The Ollama wire format, once: request and response schemas as TypeBox (`t`) values. Routes
 * validate with them, the OpenAPI document is generated from them, and every TypeScript type of
 * the Ollama side is derived from them (`typeof X.static`).
 */
import type { ObjectOptions, TProperties } from '@sinclair/typebox'
import { t } from 'elysia'

/**
 * A request body. Unknown fields are ignored, as Ollama does. It has to say so: Elysia closes a
 * schema that does not (`additionalProperties: false`) when it registers a route, and the check of
 * the body as sent (`ollamaBody`) would then refuse unknown fields.
 */
const requestObject = <Properties extends TProperties>(
  properties: Properties,
  options: ObjectOptions,
) => t.Object(properties, { additionalProperties: true, ...options })

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

export const VersionResponse = t.Object(
  {
    version: t.String({
      description: 'The Ollama version this server speaks',
      examples: ['0.12.3'],
    }),
  },
  { description: 'The Ollama version', examples: [{ version: '0.12.3' }] },
)

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
    presence_penalty: t.Optional(t.Number({ description: 'Penalty for tokens already present' })),
    frequency_penalty: t.Optional(
      t.Number({ description: 'Penalty by how often a token appeared' }),
    ),
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
    examples: [{ temperature: 0.7, num_predict: 256, stop: ['\n\n'] }],
  },
)
export type Options = typeof Options.static

export const ToolCall = t.Object(
  {
    id: t.Optional(t.String({ examples: ['call_k3x9q2ab'] })),
    function: t.Object(
      {
        index: t.Optional(t.Integer({ description: 'Position among the calls of one message' })),
        name: t.String({ examples: ['get_weather'] }),
        arguments: t.Union([t.Record(t.String(), t.Unknown()), t.String()], {
          description: 'The arguments, as an object (Ollama) or a JSON string (accepted leniently)',
          examples: [{ city: 'Tokyo' }],
        }),
      },
      { additionalProperties: true },
    ),
  },
  {
    title: 'tool call',
    description: 'A tool call the assistant made (in the history sent back)',
    additionalProperties: true,
  },
)
export type ToolCall = typeof ToolCall.static

export const Tool = t.Object(
  {
    type: t.String({ examples: ['function'] }),
    function: t.Object(
      {
        name: t.String({ examples: ['get_weather'] }),
        description: t.Optional(t.String({ examples: ['Get the current weather for a city'] })),
        parameters: t.Optional(t.Unknown({ description: 'JSON Schema of the arguments' })),
      },
      { additionalProperties: true },
    ),
  },
  {
    title: 'tool',
    description: 'A tool the model may call; forwarded to the backend as given',
    additionalProperties: true,
    examples: [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Get the current weather for a city',
          parameters: {
            type: 'object',
            properties: { city: { type: 'string' } },
            required: ['city'],
          },
        },
      },
    ],
  },
)
export type Tool = typeof Tool.static

export const ToolChoice = t.Union(
  [
    t.Literal('auto'),
    t.Literal('none'),
    t.Literal('required'),
    t.Object(
      {
        type: t.Literal('function'),
        name: t.Optional(t.String()),
        function: t.Optional(t.Object({ name: t.String() }, { additionalProperties: true })),
      },
      { additionalProperties: true },
    ),
  ],
  {
    description:
      'Not in Ollama\'s API, but sent by AI SDK providers: whether and which tool the model must call, as OpenAI\'s chat form or the flat form ({"type":"function","name":…}); forwarded to the backend when tools are given',
    examples: ['required', { type: 'function', function: { name: 'get_weather' } }],
    error:
      'tool_choice must be "auto", "none", "required" or {"type":"function","function":{"name":…}}',
  },
)
export type ToolChoice = typeof ToolChoice.static

export const Message = t.Object(
  {
    role: t.String({ description: 'system, user, assistant or tool', examples: ['user'] }),
    content: t.Optional(
      t.Union([t.String(), t.Null()], { description: 'The text of the message' }),
    ),
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
  },
  {
    title: 'message',
    description: 'One message of the conversation',
    examples: [{ role: 'user', content: 'Why is the sky blue?' }],
  },
)
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

export const ChatRequest = requestObject(
  {
    model: t.Optional(modelName('The model to chat with')),
    messages: t.Optional(
      t.Array(Message, { description: 'The conversation; empty or absent only loads the model' }),
    ),
    tools: t.Optional(t.Array(Tool, { description: 'Tools the model may call' })),
    tool_choice: t.Optional(ToolChoice),
    ...commonGenerationFields,
  },
  {
    description: 'A chat request. `model` is required in practice: without it the answer is 400.',
    examples: [
      {
        model: 'llama3.2',
        messages: [{ role: 'user', content: 'Why is the sky blue?' }],
        stream: false,
      },
    ],
  },
)
export type ChatRequest = typeof ChatRequest.static

export const GenerateRequest = requestObject(
  {
    model: t.Optional(modelName('The model to generate with')),
    prompt: t.Optional(
      t.String({ description: 'The prompt; empty or absent only loads the model' }),
    ),
    suffix: t.Optional(
      t.String({ description: 'Text after the insertion point (fill-in-the-middle)' }),
    ),
    system: t.Optional(t.String({ description: 'System prompt' })),
    template: t.Optional(
      t.String({ description: 'Ignored: templates are applied by the backend' }),
    ),
    context: t.Optional(t.Array(t.Number(), { description: 'Deprecated; ignored' })),
    raw: t.Optional(
      t.Boolean({ description: 'Send the prompt verbatim to the completions endpoint' }),
    ),
    images: t.Optional(t.Array(t.String(), { description: 'Base64-encoded images' })),
    ...commonGenerationFields,
  },
  {
    description:
      'A completion request. `model` is required in practice: without it the answer is 400.',
    examples: [{ model: 'llama3.2', prompt: 'Why is the sky blue?', stream: false }],
  },
)
export type GenerateRequest = typeof GenerateRequest.static

const metrics = {
  total_duration: t.Optional(t.Integer({ description: 'Nanoseconds from request to last chunk' })),
  load_duration: t.Optional(t.Integer({ description: 'Nanoseconds before the upstream call' })),
  prompt_eval_count: t.Optional(t.Integer({ description: 'Prompt tokens' })),
  prompt_eval_duration: t.Optional(t.Integer({ description: 'Nanoseconds to the first token' })),
  eval_count: t.Optional(t.Integer({ description: 'Generated tokens' })),
  eval_duration: t.Optional(t.Integer({ description: 'Nanoseconds from first to last token' })),
}

export const TokenLogprob = t.Object(
  {
    token: t.String({ examples: [' blue'] }),
    logprob: t.Number({ description: 'Natural log of the probability', examples: [-0.0231] }),
    bytes: t.Optional(t.Array(t.Integer(), { description: 'UTF-8 bytes of the token' })),
    top_logprobs: t.Optional(
      t.Array(
        t.Object({
          token: t.String(),
          logprob: t.Number(),
          bytes: t.Optional(t.Array(t.Integer())),
        }),
        { description: 'The most likely alternatives (top_logprobs of them)' },
      ),
    ),
  },
  { description: 'Log probability of one generated token' },
)
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
  logprobs: t.Optional(
    t.Array(TokenLogprob, { description: 'One entry per generated token (with logprobs: true)' }),
  ),
}

export const ResponseToolCall = t.Object(
  {
    id: t.Optional(t.String({ examples: ['call_k3x9q2ab'] })),
    function: t.Object({
      index: t.Integer({ description: 'Position among the calls of this message' }),
      name: t.String({ examples: ['get_weather'] }),
      arguments: t.Record(t.String(), t.Unknown(), {
        description: 'The arguments, parsed into an object',
        examples: [{ city: 'Tokyo' }],
      }),
    }),
  },
  { description: 'A tool the model wants called, whole (arguments as an object)' },
)
export type ResponseToolCall = typeof ResponseToolCall.static

export const ChatResponse = t.Object(
  {
    model: t.String({ description: 'The model, as the request named it' }),
    created_at: t.String({ format: 'date-time', description: 'When this chunk was written' }),
    message: t.Object({
      role: t.Literal('assistant'),
      content: t.String({ description: 'This chunk of the answer (may be empty)' }),
      thinking: t.Optional(t.String({ description: "This chunk of the model's reasoning" })),
      tool_calls: t.Optional(
        t.Array(ResponseToolCall, { description: 'In one chunk before the last one' }),
      ),
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
    model: t.String({ description: 'The model, as the request named it' }),
    created_at: t.String({ format: 'date-time', description: 'When this chunk was written' }),
    response: t.String({ description: 'The text of this chunk' }),
    thinking: t.Optional(t.String({ description: "This chunk of the model's reasoning" })),
    ...doneFields,
    context: t.Optional(
      t.Array(t.Integer(), {
        description:
          'On the last chunk unless raw: always empty, since no tokens are known here (Ollama ignores an empty context sent back); present because clients require it',
      }),
    ),
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

export const EmbedRequest = requestObject(
  {
    model: t.Optional(modelName('The embedding model')),
    input: t.Optional(
      t.Union([t.String(), t.Array(t.String())], {
        description: 'A text or a list of texts',
        error: 'invalid input type',
      }),
    ),
    dimensions: t.Optional(
      t.Integer({
        minimum: 1,
        description: 'Truncate each vector to this size (re-normalized)',
        error: 'dimensions must be a positive integer',
      }),
    ),
    truncate: t.Optional(
      t.Boolean({ description: 'Accepted for compatibility; the backend decides' }),
    ),
    keep_alive: t.Optional(KeepAlive),
    options: t.Optional(Options),
  },
  {
    examples: [
      { model: 'nomic-embed-text', input: ['Why is the sky blue?', 'Why is the grass green?'] },
    ],
  },
)
export type EmbedRequest = typeof EmbedRequest.static

export const EmbedResponse = t.Object(
  {
    model: t.String({ description: 'The model, as the request named it' }),
    embeddings: t.Array(t.Array(t.Number()), { description: 'One unit-length vector per input' }),
    total_duration: t.Optional(t.Integer({ description: 'Nanoseconds from request to answer' })),
    load_duration: t.Optional(t.Integer({ description: 'Nanoseconds before the upstream call' })),
    prompt_eval_count: t.Optional(t.Integer({ description: 'Input tokens' })),
  },
  {
    description: 'One vector per input, in order',
    examples: [
      {
        model: 'nomic-embed-text',
        embeddings: [
          [0.0101, -0.0013, 0.0376, -0.0285],
          [-0.0098, 0.0637, 0.0169, 0.0212],
        ],
        total_duration: 14143917,
        load_duration: 1019500,
        prompt_eval_count: 16,
      },
    ],
  },
)
export type EmbedResponse = typeof EmbedResponse.static

export const EmbeddingsRequest = requestObject(
  {
    model: t.Optional(modelName('The embedding model')),
    prompt: t.Optional(t.String({ description: 'The text to embed' })),
    keep_alive: t.Optional(KeepAlive),
    options: t.Optional(Options),
  },
  { examples: [{ model: 'nomic-embed-text', prompt: 'Why is the sky blue?' }] },
)
export type EmbeddingsRequest = typeof EmbeddingsRequest.static

export const EmbeddingsResponse = t.Object(
  {
    embedding: t.Array(t.Number(), { description: 'The vector, as the backend returned it' }),
  },
  {
    description: 'The vector of the prompt',
    examples: [{ embedding: [0.5670403838157654, 0.009260174818336964, 0.23178744316101074] }],
  },
)
export type EmbeddingsResponse = typeof EmbeddingsResponse.static

export const ModelDetails = t.Object(
  {
    parent_model: t.String({ description: 'Always empty' }),
    format: t.String({ description: 'Always gguf, which clients expect', examples: ['gguf'] }),
    family: t.String({ description: 'Guessed from the model id', examples: ['gpt'] }),
    families: t.Array(t.String(), { examples: [['gpt']] }),
    parameter_size: t.String({ description: 'Always empty: the backend does not say' }),
    quantization_level: t.String({ description: 'Always empty: the backend does not say' }),
  },
  { description: 'Every key Ollama sends, so that clients find them' },
)
export type ModelDetails = typeof ModelDetails.static

export const ModelEntry = t.Object({
  name: t.String({
    description: 'The upstream id with a tag, as Ollama names models',
    examples: ['gpt-4o-mini:latest'],
  }),
  model: t.String({ description: 'Same as name', examples: ['gpt-4o-mini:latest'] }),
  modified_at: t.String({
    format: 'date-time',
    description: "The upstream's creation date of the model, else when this server started",
  }),
  size: t.Integer({ description: 'Always 0: nothing is stored here' }),
  digest: t.String({
    description: '64 hex characters derived from the model id',
    examples: ['1572d302a5d49a2a87105855ef79d24930327e40b5ca870695baf495473be240'],
  }),
  details: ModelDetails,
})
export type ModelEntry = typeof ModelEntry.static

const modelEntryExample = {
  name: 'gpt-4o-mini:latest',
  model: 'gpt-4o-mini:latest',
  modified_at: '2024-07-18T00:00:00.000Z',
  size: 0,
  digest: '1572d302a5d49a2a87105855ef79d24930327e40b5ca870695baf495473be240',
  details: {
    parent_model: '',
    format: 'gguf',
    family: 'gpt',
    families: ['gpt'],
    parameter_size: '',
    quantization_level: '',
  },
}

export const TagsResponse = t.Object(
  { models: t.Array(ModelEntry, { description: 'The models the upstream offers' }) },
  { description: 'The models, newest first', examples: [{ models: [modelEntryExample] }] },
)
export type TagsResponse = typeof TagsResponse.static

export const RunningModel = t.Object({
  ...ModelEntry.properties,
  expires_at: t.String({
    format: 'date-time',
    description: 'When keep_alive runs out after the last use',
  }),
  size_vram: t.Integer({ description: 'Always 0: nothing is loaded here' }),
  context_length: t.Integer({ description: "The model's context window", examples: [128000] }),
})
export type RunningModel = typeof RunningModel.static

export const PsResponse = t.Object(
  {
    models: t.Array(RunningModel, { description: 'Models used within their keep_alive window' }),
  },
  {
    description: 'The models used recently; never null, possibly empty',
    examples: [
      {
        models: [
          {
            ...modelEntryExample,
            expires_at: '2025-07-07T20:27:19.400Z',
            size_vram: 0,
            context_length: 128000,
          },
        ],
      },
    ],
  },
)
export type PsResponse = typeof PsResponse.static

const legacyName = t.Optional(t.String({ description: 'Legacy alias of model' }))

export const ShowRequest = requestObject(
  {
    model: t.Optional(modelName('The model to describe')),
    name: legacyName,
    verbose: t.Optional(t.Boolean({ description: 'Accepted; changes nothing' })),
    system: t.Optional(t.String({ description: 'Echoed back as system' })),
  },
  { examples: [{ model: 'gpt-4o-mini' }] },
)
export type ShowRequest = typeof ShowRequest.static

export const ShowResponse = t.Object(
  {
    license: t.Optional(t.String()),
    modelfile: t.String({ description: 'A Modelfile as `ollama show --modelfile` prints it' }),
    parameters: t.String({ examples: ['num_ctx                        128000'] }),
    template: t.String({
      description:
        'Minimal, naming .Tools and .Suffix for clients that look there for tool and fill-in-the-middle support; the backend applies the real template',
      examples: ['{{ if .Tools }}{{ .Tools }}{{ end }}{{ .Prompt }}'],
    }),
    system: t.Optional(t.String()),
    details: ModelDetails,
    model_info: t.Record(t.String(), t.Unknown(), {
      description: 'general.architecture, general.basename, <arch>.context_length, …',
    }),
    capabilities: t.Array(t.String(), {
      description: 'completion, tools, vision, thinking, embedding, insert',
      examples: [['completion', 'tools', 'vision']],
    }),
    modified_at: t.String({ format: 'date-time' }),
  },
  { description: "The model, as Ollama describes one, from the upstream's metadata" },
)
export type ShowResponse = typeof ShowResponse.static

export const ModelNameRequest = requestObject(
  {
    model: t.Optional(modelName('The model')),
    name: legacyName,
    stream: t.Optional(
      t.Boolean({ description: 'Stream progress as NDJSON (the default) or answer once' }),
    ),
    insecure: t.Optional(t.Boolean({ description: 'Accepted; changes nothing' })),
  },
  { examples: [{ model: 'gpt-4o-mini', stream: false }] },
)
export type ModelNameRequest = typeof ModelNameRequest.static

export const CopyRequest = requestObject(
  {
    source: t.Optional(t.String({ description: 'The model to copy' })),
    destination: t.Optional(t.String({ description: 'The new name' })),
  },
  { examples: [{ source: 'gpt-4o-mini', destination: 'my-model' }] },
)
export type CopyRequest = typeof CopyRequest.static

export const ProgressResponse = t.Object(
  {
    status: t.String({ description: 'The step, as Ollama words it', examples: ['success'] }),
    digest: t.Optional(t.String({ description: 'The layer being pulled' })),
    total: t.Optional(t.Integer({ description: 'Bytes to download: 0, nothing is' })),
    completed: t.Optional(t.Integer({ description: 'Bytes downloaded' })),
  },
  {
    description: 'One progress line; with stream:false, the only answer',
    examples: [{ status: 'success' }],
  },
)
export type ProgressResponse = typeof ProgressResponse.static
