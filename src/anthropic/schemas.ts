/**
 * The Anthropic Messages wire format, once: request and response schemas as TypeBox (`t`) values.
 * The routes validate with them, the OpenAPI document is generated from them, and the TypeScript
 * types of the Anthropic side are derived from them. Requests are lenient where Claude Code and the
 * SDKs send more than this server uses (`cache_control`, `metadata`, beta fields, server tools,
 * block types it cannot send to a chat backend): those are accepted and ignored.
 */
import { t } from 'elysia'

const lenient = { additionalProperties: true }

export const TextBlock = t.Object(
  {
    type: t.Literal('text'),
    text: t.String({ examples: ['What is the weather in Paris?'] }),
  },
  { ...lenient, description: 'Text (`cache_control` and `citations` are accepted and ignored)' },
)

const ImageSource = t.Union(
  [
    t.Object(
      {
        type: t.Literal('base64'),
        media_type: t.String({ examples: ['image/png'] }),
        data: t.String({ description: 'The image, base64-encoded' }),
      },
      lenient,
    ),
    t.Object(
      { type: t.Literal('url'), url: t.String({ examples: ['https://example.com/cat.png'] }) },
      lenient,
    ),
  ],
  { description: 'base64 data (sent as a `data:` URL) or a URL (passed on as it is)' },
)

export const ImageBlock = t.Object(
  { type: t.Literal('image'), source: ImageSource },
  { ...lenient, description: 'An image, sent to the backend as an `image_url` part' },
)

const DocumentBlock = t.Object(
  {
    type: t.Literal('document'),
    source: t.Optional(
      t.Object({ type: t.String({ examples: ['text'] }), data: t.Optional(t.String()) }, lenient),
    ),
  },
  {
    ...lenient,
    description: 'A document: plain text (`source.type: "text"`) is sent as text, others dropped',
  },
)

const ToolUseBlock = t.Object(
  {
    type: t.Literal('tool_use'),
    id: t.String({ examples: ['call_7Qb2'] }),
    name: t.String({ examples: ['get_weather'] }),
    input: t.Optional(t.Unknown({ description: 'The arguments object', examples: [{}] })),
  },
  { ...lenient, description: 'A tool call the assistant made (history)' },
)

/** Blocks of the types below are accepted anywhere and not sent: server tools, search results… */
const handledTypes = [
  'text',
  'image',
  'document',
  'tool_use',
  'tool_result',
  'thinking',
  'redacted_thinking',
]
const OtherBlock = t.Object(
  {
    type: t.String({
      pattern: `^(?!(${handledTypes.join('|')})$)`,
      examples: ['server_tool_use'],
    }),
  },
  {
    ...lenient,
    description:
      'Any other block type (server tool use and results, search results, …): accepted, not sent to the backend',
  },
)

const ToolResultBlock = t.Object(
  {
    type: t.Literal('tool_result'),
    tool_use_id: t.String({ examples: ['call_7Qb2'] }),
    content: t.Optional(
      t.Union([t.String(), t.Array(t.Union([TextBlock, ImageBlock, DocumentBlock, OtherBlock]))], {
        description: 'The result: a string, or text and image blocks',
        examples: ['18 °C, sunny'],
      }),
    ),
    is_error: t.Optional(t.Boolean({ description: 'The result is an error: sent as "Error: …"' })),
  },
  { ...lenient, description: "A tool's result (user turn): sent as a `tool` message" },
)

const ThinkingBlock = t.Object(
  {
    type: t.Literal('thinking'),
    thinking: t.String(),
    signature: t.Optional(t.String({ description: 'Accepted (empty or absent too), not checked' })),
  },
  { ...lenient, description: 'Earlier reasoning (history): not sent to the backend' },
)

const RedactedThinkingBlock = t.Object(
  { type: t.Literal('redacted_thinking') },
  { ...lenient, description: 'Earlier encrypted reasoning (history): not sent to the backend' },
)

export const ContentBlock = t.Union([
  TextBlock,
  ImageBlock,
  DocumentBlock,
  ToolUseBlock,
  ToolResultBlock,
  ThinkingBlock,
  RedactedThinkingBlock,
  OtherBlock,
])
export type ContentBlock = typeof ContentBlock.static
/** The content block of one type (`OtherBlock` aside). */
export type BlockOf<Type extends string> = Extract<ContentBlock, { type: Type }>

export const InputMessage = t.Object(
  {
    role: t.Union([t.Literal('user'), t.Literal('assistant')], {
      error: 'a message role must be "user" or "assistant"',
    }),
    content: t.Union([t.String(), t.Array(ContentBlock)], {
      description: 'A string, or content blocks',
      error:
        'each message needs a role (user or assistant) and a content: a string, or blocks with the fields of their type (text: text; image: source with base64 data or a url; tool_use: id, name; tool_result: tool_use_id; thinking: thinking)',
    }),
  },
  lenient,
)
export type InputMessage = typeof InputMessage.static

export const Tool = t.Object(
  {
    name: t.String({ examples: ['get_weather'] }),
    description: t.Optional(t.String({ examples: ['The current weather in a city'] })),
    input_schema: t.Optional(
      t.Record(t.String(), t.Unknown(), {
        description: 'JSON Schema of the input; absent: an object with no properties',
        examples: [{ type: 'object', properties: { city: { type: 'string' } } }],
      }),
    ),
    type: t.Optional(
      t.String({
        description:
          'Absent or "custom" for client tools; server tools (web_search_…, bash_…, …) are dropped: this server cannot run them',
        examples: ['custom'],
      }),
    ),
  },
  { ...lenient, description: 'A client tool, sent as a function tool' },
)
export type Tool = typeof Tool.static

export const ToolChoice = t.Object(
  {
    type: t.Union([t.Literal('auto'), t.Literal('any'), t.Literal('tool'), t.Literal('none')], {
      error: 'tool_choice.type must be one of "auto", "any", "tool", "none"',
    }),
    name: t.Optional(t.String({ description: 'The tool to call, with type "tool"' })),
    disable_parallel_tool_use: t.Optional(
      t.Boolean({ description: 'true: at most one tool call (parallel_tool_calls: false)' }),
    ),
  },
  {
    ...lenient,
    description: 'auto → "auto", any → "required", tool → that function, none → "none"',
  },
)
export type ToolChoice = typeof ToolChoice.static

export const Thinking = t.Object(
  {
    type: t.String({
      description:
        '"enabled" asks the backend to think, "disabled" not to (and drops any reasoning it returns), "adaptive" (or absent) lets the model decide',
      examples: ['enabled'],
    }),
    budget_tokens: t.Optional(t.Integer({ description: 'Accepted, not enforced' })),
  },
  lenient,
)
export type Thinking = typeof Thinking.static

const OutputConfig = t.Object(
  {
    effort: t.Optional(
      t.Union([t.String(), t.Null()], {
        description:
          'low, medium, high or max (xhigh counts as high): the reasoning effort, unless thinking is disabled',
        examples: ['high'],
      }),
    ),
    format: t.Optional(
      t.Union(
        [
          t.Object(
            {
              type: t.Literal('json_schema'),
              schema: t.Record(t.String(), t.Unknown(), { description: 'A JSON Schema' }),
            },
            lenient,
          ),
          t.Null(),
        ],
        { description: 'Structured output: sent as response_format json_schema (not strict)' },
      ),
    ),
  },
  lenient,
)

const SystemPrompt = t.Union([t.String(), t.Array(TextBlock)], {
  description:
    "A string or text blocks (joined with blank lines). The per-request `cch=` value of Claude Code's billing line is normalised, so that the backend's prompt cache keeps working.",
  error: 'system must be a string or a list of text blocks',
})

/** What a request to count tokens and a request to generate have in common. */
const conversation = {
  model: t.String({
    minLength: 1,
    description: 'A model the backend offers, or an alias (MODEL_ALIASES)',
    examples: ['gpt-4o-mini'],
    error: 'model is required',
  }),
  messages: t.Array(InputMessage, {
    minItems: 1,
    description: 'The conversation, user and assistant turns',
    error: 'messages is required: a non-empty list of messages with a role and content',
  }),
  system: t.Optional(SystemPrompt),
  tools: t.Optional(t.Array(Tool)),
  tool_choice: t.Optional(ToolChoice),
  thinking: t.Optional(Thinking),
}

export const MessagesRequest = t.Object(
  {
    ...conversation,
    max_tokens: t.Integer({
      minimum: 1,
      description: 'Most tokens to generate',
      examples: [1024],
      error: 'max_tokens is required and must be positive',
    }),
    stream: t.Optional(t.Boolean({ description: 'Stream server-sent events (default false)' })),
    temperature: t.Optional(t.Number({ examples: [0.7] })),
    top_p: t.Optional(t.Number()),
    top_k: t.Optional(t.Integer({ description: 'Sent only to backends that accept it' })),
    stop_sequences: t.Optional(
      t.Array(t.String(), { description: 'At most 4 reach a strict OpenAI backend' }),
    ),
    output_config: t.Optional(OutputConfig),
  },
  {
    ...lenient,
    description:
      'An Anthropic Messages request. Accepted and ignored: metadata, service_tier, container, mcp_servers, context_management, cache_control, and any other field.',
    examples: [
      {
        model: 'gpt-4o-mini',
        max_tokens: 1024,
        messages: [{ role: 'user', content: 'Hello' }],
      },
    ],
  },
)
export type MessagesRequest = typeof MessagesRequest.static

export const CountTokensRequest = t.Object(conversation, {
  ...lenient,
  description: 'The same fields as a Messages request, without max_tokens',
  examples: [{ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] }],
})
export type CountTokensRequest = typeof CountTokensRequest.static

export const CountTokensResponse = t.Object(
  {
    input_tokens: t.Integer({
      description: 'The estimate: characters ÷ 4, rounded up (images not counted), at least 1',
      examples: [12],
    }),
  },
  { description: 'The estimated size of the prompt', examples: [{ input_tokens: 12 }] },
)

export const Usage = t.Object(
  {
    input_tokens: t.Integer({
      description: 'Prompt tokens not read from the cache (the estimate until the backend reports)',
    }),
    cache_read_input_tokens: t.Optional(
      t.Integer({ description: "Prompt tokens read from the backend's cache, when it reports" }),
    ),
    output_tokens: t.Integer({ description: 'Generated tokens, reasoning included' }),
  },
  {
    description: "The backend's token counts (estimated at 4 characters a token when it has none)",
  },
)
export type Usage = typeof Usage.static

export const StopReason = t.Union(
  [
    t.Literal('end_turn'),
    t.Literal('max_tokens'),
    t.Literal('stop_sequence'),
    t.Literal('tool_use'),
    t.Literal('refusal'),
  ],
  {
    description:
      'end_turn, max_tokens (length), stop_sequence (when the backend names it), tool_use, refusal (content filter)',
  },
)
export type StopReason = typeof StopReason.static

const OutputBlock = t.Union([
  t.Object({ type: t.Literal('thinking'), thinking: t.String(), signature: t.String() }),
  t.Object({ type: t.Literal('text'), text: t.String() }),
  t.Object({
    type: t.Literal('tool_use'),
    id: t.String(),
    name: t.String(),
    input: t.Record(t.String(), t.Unknown()),
  }),
])
export type OutputBlock = typeof OutputBlock.static

export const Message = t.Object(
  {
    id: t.String({ examples: ['msg_0c3f9a1b2c3d4e5f6a7b8c9d'] }),
    type: t.Literal('message'),
    role: t.Literal('assistant'),
    model: t.String({ description: 'The model as the request named it' }),
    content: t.Array(OutputBlock, { description: 'Thinking, text and tool_use, as generated' }),
    stop_reason: StopReason,
    stop_sequence: t.Union([t.String(), t.Null()]),
    usage: Usage,
  },
  {
    description: 'The whole answer (`"stream": false`)',
    examples: [
      {
        id: 'msg_0c3f9a1b2c3d4e5f6a7b8c9d',
        type: 'message',
        role: 'assistant',
        model: 'gpt-4o-mini',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'call_7Qb2', name: 'get_weather', input: { city: 'Paris' } },
        ],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: { input_tokens: 90, output_tokens: 17 },
      },
    ],
  },
)
export type Message = typeof Message.static

/** Anthropic's error types, by what went wrong. */
export const ErrorType = t.Union([
  t.Literal('invalid_request_error'),
  t.Literal('authentication_error'),
  t.Literal('permission_error'),
  t.Literal('not_found_error'),
  t.Literal('request_too_large'),
  t.Literal('rate_limit_error'),
  t.Literal('api_error'),
  t.Literal('overloaded_error'),
])
export type ErrorType = typeof ErrorType.static

export const ErrorEvent = t.Object(
  {
    type: t.Literal('error'),
    error: t.Object({
      type: ErrorType,
      message: t.String({ description: 'What went wrong, in words' }),
    }),
  },
  { description: 'An error, as the `error` event of a stream that failed midway' },
)
export type ErrorEvent = typeof ErrorEvent.static

/** The error body before a response starts, documented for one status. */
export const errorResponse = (description: string, type: ErrorType, message: string) =>
  t.Object(
    {
      type: t.Literal('error'),
      error: t.Object({ type: ErrorType, message: t.String() }),
      request_id: t.String({ description: '`req_` and 24 hex characters' }),
    },
    {
      description,
      examples: [
        { type: 'error', error: { type, message }, request_id: 'req_4f2a9c0d1e8b7a6f5c4d3e2b' },
      ],
    },
  )
