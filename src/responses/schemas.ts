/**
 * The OpenAI Responses wire format (`POST /v1/responses`), once: the request, its input items,
 * tools and content parts, and the response object with its output items, as TypeBox (`t`)
 * schemas. Every object accepts fields it does not name (clients send many this server ignores);
 * the types of the Responses side are derived from these schemas.
 */
import { type TSchema, t } from 'elysia'

const loose = { additionalProperties: true }

/** A field that may be absent or null (clients send both for "not set"). */
const optional = <T extends TSchema>(schema: T) => t.Optional(t.Union([schema, t.Null()]))

// ---- Content parts of input messages ----

export const InputTextPart = t.Object({ type: t.Literal('input_text'), text: t.String() }, loose)
export const OutputTextPart = t.Object({ type: t.Literal('output_text'), text: t.String() }, loose)
export const RefusalPart = t.Object({ type: t.Literal('refusal'), refusal: t.String() }, loose)
export const InputImagePart = t.Object(
  {
    type: t.Literal('input_image'),
    image_url: optional(t.String({ description: 'A data: URL (base64) or an http(s) URL' })),
    file_id: optional(t.String({ description: 'Not supported: uploaded files are not stored' })),
    detail: optional(t.String({ description: 'low, high or auto' })),
  },
  loose,
)
export type InputImagePart = typeof InputImagePart.static

/** A content part, as the converter first sees it: its type says which schema it must match. */
const AnyPart = t.Object({ type: t.String() }, loose)

/** Message content or a tool output: a string, or parts. */
const Content = t.Union([t.String(), t.Array(AnyPart)])

// ---- Input items ----

export const MessageItem = t.Object(
  {
    type: t.Optional(t.Literal('message')),
    role: t.String({ description: 'user, system, developer or assistant' }),
    content: Content,
  },
  loose,
)
export type MessageItem = typeof MessageItem.static

export const FunctionCallItem = t.Object(
  {
    type: t.Literal('function_call'),
    call_id: t.String(),
    name: t.String(),
    namespace: optional(t.String()),
    arguments: t.String({ description: 'The arguments as a JSON string' }),
  },
  loose,
)
export type FunctionCallItem = typeof FunctionCallItem.static

export const CustomToolCallItem = t.Object(
  {
    type: t.Literal('custom_tool_call'),
    call_id: t.String(),
    name: t.String(),
    namespace: optional(t.String()),
    input: t.String(),
  },
  loose,
)
export type CustomToolCallItem = typeof CustomToolCallItem.static

export const ToolOutputItem = t.Object(
  {
    type: t.Union([t.Literal('function_call_output'), t.Literal('custom_tool_call_output')]),
    call_id: t.String(),
    output: Content,
  },
  loose,
)
export type ToolOutputItem = typeof ToolOutputItem.static

const InputItem = t.Object(
  { type: t.Optional(t.String()), role: t.Optional(t.String()) },
  {
    ...loose,
    description:
      'A `message` (or `{role, content}`), `function_call`, `function_call_output`, `custom_tool_call`, `custom_tool_call_output`, `reasoning` (not sent to the backend) or `web_search_call` (skipped)',
  },
)

// ---- Tools ----

export const FunctionTool = t.Object(
  {
    type: t.Literal('function'),
    name: t.String(),
    description: optional(t.String()),
    parameters: optional(t.Record(t.String(), t.Unknown())),
    strict: optional(t.Boolean()),
  },
  loose,
)
export type FunctionTool = typeof FunctionTool.static

export const CustomTool = t.Object(
  {
    type: t.Literal('custom'),
    name: t.String(),
    description: optional(t.String()),
    format: optional(
      t.Object(
        {
          type: t.String({ description: 'text or grammar' }),
          syntax: t.Optional(t.String({ description: 'lark or regex' })),
          definition: t.Optional(t.String()),
        },
        loose,
      ),
    ),
  },
  loose,
)
export type CustomTool = typeof CustomTool.static

export const NamespaceTool = t.Object(
  {
    type: t.Literal('namespace'),
    name: t.String(),
    description: optional(t.String()),
    tools: t.Array(t.Object({ type: t.String() }, loose)),
  },
  loose,
)
export type NamespaceTool = typeof NamespaceTool.static

const Tool = t.Object(
  { type: t.String() },
  {
    ...loose,
    description:
      '`function` (flat: name, description, parameters, strict), `custom` (free-form input, e.g. apply_patch), `namespace` (groups of those); hosted tools (web_search, file_search, …) are dropped',
  },
)

export const ToolChoice = t.Union(
  [
    t.String({ description: 'auto, none or required' }),
    t.Object(
      {
        type: t.String({ description: 'function, custom or allowed_tools' }),
        name: t.Optional(t.String()),
        namespace: t.Optional(t.String()),
        mode: t.Optional(t.String({ description: 'allowed_tools: auto or required' })),
        tools: t.Optional(
          t.Array(
            t.Object(
              { type: t.String(), name: t.Optional(t.String()), namespace: t.Optional(t.String()) },
              loose,
            ),
          ),
        ),
      },
      loose,
    ),
  ],
  { error: 'tool_choice must be "auto", "none", "required" or a tool choice object' },
)
export type ToolChoice = typeof ToolChoice.static

// ---- The request ----

export const TextFormat = t.Object(
  {
    type: t.String({ description: 'text, json_object or json_schema' }),
    name: t.Optional(t.String()),
    schema: t.Optional(t.Record(t.String(), t.Unknown())),
    strict: optional(t.Boolean()),
    description: t.Optional(t.String()),
  },
  loose,
)
export type TextFormat = typeof TextFormat.static

export const ResponsesRequest = t.Object(
  {
    model: t.String({
      description: 'A model id, as /v1/models or /api/tags lists it',
      examples: ['gpt-4o-mini'],
    }),
    input: t.Optional(
      t.Union([t.String(), t.Array(InputItem)], {
        description: 'The whole conversation: a user message as a string, or input items',
        error: 'input must be a string or an array of input items',
      }),
    ),
    instructions: optional(t.String({ description: 'A system message, sent first' })),
    tools: optional(t.Array(Tool)),
    tool_choice: optional(ToolChoice),
    parallel_tool_calls: optional(t.Boolean()),
    max_output_tokens: optional(t.Integer({ minimum: 1 })),
    temperature: optional(t.Number({ minimum: 0, maximum: 2 })),
    top_p: optional(t.Number({ minimum: 0, maximum: 1 })),
    text: optional(
      t.Object(
        { format: optional(TextFormat), verbosity: optional(t.String()) },
        { ...loose, description: 'Output format: text, json_object or json_schema' },
      ),
    ),
    reasoning: optional(
      t.Object(
        {
          effort: optional(
            t.String({ description: 'none, minimal, low, medium, high, xhigh, ultra or max' }),
          ),
          summary: optional(t.String()),
        },
        loose,
      ),
    ),
    stream: optional(t.Boolean({ description: 'Server-sent events instead of one JSON object' })),
    store: optional(
      t.Boolean({ description: 'Accepted, but nothing is stored: the response says store: false' }),
    ),
    previous_response_id: optional(
      t.String({ description: 'Refused with 400: responses are not stored' }),
    ),
    conversation: optional(
      t.Unknown({ description: 'Refused with 400: conversations are not stored' }),
    ),
    background: optional(t.Boolean({ description: 'true is refused with 400' })),
    prompt: optional(
      t.Unknown({ description: 'Refused with 400: prompt templates are not stored' }),
    ),
    truncation: optional(t.String()),
    metadata: optional(t.Record(t.String(), t.Unknown())),
    max_tool_calls: optional(t.Integer()),
    prompt_cache_key: optional(t.String()),
    safety_identifier: optional(t.String()),
  },
  {
    ...loose,
    description:
      'A Responses API request, stateless: the input holds the whole conversation. Fields not listed (include, user, service_tier, …) are accepted and ignored.',
    examples: [
      {
        model: 'gpt-4o-mini',
        instructions: 'Answer briefly.',
        input: [{ role: 'user', content: 'Why is the sky blue?' }],
        stream: true,
      },
    ],
  },
)
export type ResponsesRequest = typeof ResponsesRequest.static

// ---- The response ----

const OutputTextContent = t.Object({
  type: t.Literal('output_text'),
  text: t.String(),
  annotations: t.Array(t.Unknown()),
  logprobs: t.Array(t.Unknown()),
})

const itemStatus = t.Union([
  t.Literal('in_progress'),
  t.Literal('completed'),
  t.Literal('incomplete'),
])
export type ItemStatus = typeof itemStatus.static

export const MessageOutput = t.Object({
  id: t.String({ examples: ['msg_67ccd3acc8d48190a77525dc'] }),
  type: t.Literal('message'),
  status: itemStatus,
  role: t.Literal('assistant'),
  content: t.Array(OutputTextContent),
})

export const ReasoningOutput = t.Object({
  id: t.String({ examples: ['rs_67ccd3acc8d48190a77525dc'] }),
  type: t.Literal('reasoning'),
  summary: t.Array(t.Object({ type: t.Literal('summary_text'), text: t.String() })),
  encrypted_content: t.Optional(
    t.String({ description: 'The reasoning text again, so that clients send it back' }),
  ),
})

export const FunctionCallOutput = t.Object({
  id: t.String({ examples: ['fc_67ccd3acc8d48190a77525dc'] }),
  type: t.Literal('function_call'),
  status: itemStatus,
  call_id: t.String(),
  name: t.String(),
  namespace: t.Optional(t.String()),
  arguments: t.String({ description: 'The arguments as a JSON string' }),
})

export const CustomToolCallOutput = t.Object({
  id: t.String({ examples: ['ctc_67ccd3acc8d48190a77525dc'] }),
  type: t.Literal('custom_tool_call'),
  call_id: t.String(),
  name: t.String(),
  namespace: t.Optional(t.String()),
  input: t.String(),
})

export const OutputItem = t.Union([
  MessageOutput,
  ReasoningOutput,
  FunctionCallOutput,
  CustomToolCallOutput,
])
export type OutputItem = typeof OutputItem.static

export const ResponseUsage = t.Object({
  input_tokens: t.Integer(),
  input_tokens_details: t.Object({ cached_tokens: t.Integer() }),
  output_tokens: t.Integer(),
  output_tokens_details: t.Object({ reasoning_tokens: t.Integer() }),
  total_tokens: t.Integer(),
})
export type ResponseUsage = typeof ResponseUsage.static

const nullable = <T extends TSchema>(schema: T) => t.Union([schema, t.Null()])

export const ResponseObject = t.Object(
  {
    id: t.String({ examples: ['resp_67ccd2bed1ec8190b14f964a'] }),
    object: t.Literal('response'),
    created_at: t.Integer({ description: 'Unix seconds' }),
    completed_at: nullable(t.Integer({ description: 'Unix seconds' })),
    status: t.Union([
      t.Literal('in_progress'),
      t.Literal('completed'),
      t.Literal('incomplete'),
      t.Literal('failed'),
    ]),
    incomplete_details: nullable(
      t.Object({ reason: t.String({ description: 'max_output_tokens or content_filter' }) }),
    ),
    model: t.String({ description: 'The model as the request named it' }),
    previous_response_id: t.Null(),
    instructions: nullable(t.String()),
    output: t.Array(OutputItem),
    error: nullable(t.Object({ code: t.String(), message: t.String() })),
    tools: t.Array(t.Unknown(), { description: 'The request tools, echoed' }),
    tool_choice: t.Unknown({ description: 'The request tool_choice, echoed (auto by default)' }),
    truncation: t.String(),
    parallel_tool_calls: t.Boolean(),
    text: t.Object({ format: t.Unknown() }, loose),
    top_p: t.Number(),
    presence_penalty: t.Number(),
    frequency_penalty: t.Number(),
    top_logprobs: t.Integer(),
    temperature: t.Number(),
    reasoning: nullable(t.Object({ effort: t.Unknown(), summary: t.Unknown() })),
    usage: nullable(ResponseUsage),
    max_output_tokens: nullable(t.Integer()),
    max_tool_calls: nullable(t.Integer()),
    store: t.Literal(false, { description: 'Always false: nothing is stored' }),
    background: t.Literal(false),
    service_tier: t.String(),
    metadata: t.Record(t.String(), t.Unknown()),
    safety_identifier: nullable(t.String()),
    prompt_cache_key: nullable(t.String()),
  },
  { description: 'A response, whole' },
)
export type ResponseObject = typeof ResponseObject.static
