/**
 * Request checks of a strict OpenAI-compatible server, as OpenAI applies them: unknown parameters
 * (at the top level, or in messages, content parts and tools), malformed messages and broken
 * tool-call histories are refused with a 400. The demo backend answers through these checks, and
 * so does the fake upstream of the tests.
 */
import { type OpenAIEndpoint, toOpenAIWireBody } from '../translate/to-openai-wire-body.ts'

export interface OpenAIErrorReply {
  status: number
  error: { message: string; type: string; param: string | null; code: string | null }
}

const invalid = (message: string, param: string | null = null): OpenAIErrorReply => ({
  status: 400,
  error: { message, type: 'invalid_request_error', param, code: null },
})

/** The 400 a strict server answers for `body`, or undefined when it would accept it. */
export function validateOpenAIRequest(
  endpoint: OpenAIEndpoint,
  body: Record<string, unknown>,
  extraParams: readonly string[] = [],
): OpenAIErrorReply | undefined {
  const known = toOpenAIWireBody(endpoint, body, 'openai')
  for (const key of Object.keys(body)) {
    if (!(key in known) && !extraParams.includes(key)) {
      return invalid(`Unrecognized request argument supplied: ${key}`, key)
    }
  }
  const unknown = Object.keys(known)
    .map((key) => firstUnknownField(body[key], known[key], key))
    .find(Boolean)
  if (unknown) {
    return invalid(
      `Additional properties are not allowed ('${unknown.field}' was unexpected) - '${unknown.where}'`,
      unknown.where,
    )
  }
  if (typeof body.model !== 'string' || body.model === '') {
    return invalid('you must provide a model parameter', 'model')
  }
  if (body.stream_options !== undefined && body.stream !== true) {
    return invalid(
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      'stream_options',
    )
  }
  if (endpoint === 'chat') return validateChat(body)
  if (endpoint === 'completions') return validateCompletion(body)
  return validateEmbeddings(body)
}

/** The first field of `sent` that `known` (what OpenAI's schema keeps of it) lacks, and where. */
function firstUnknownField(
  sent: unknown,
  known: unknown,
  where: string,
): { field: string; where: string } | undefined {
  if (Array.isArray(sent) && Array.isArray(known)) {
    for (const [index, item] of sent.entries()) {
      const unknown = firstUnknownField(item, known[index], `${where}[${index}]`)
      if (unknown) return unknown
    }
    return undefined
  }
  if (!isObject(sent) || !isObject(known)) return undefined
  for (const [key, value] of Object.entries(sent)) {
    if (!(key in known)) return { field: key, where }
    const unknown = firstUnknownField(value, known[key], `${where}.${key}`)
    if (unknown) return unknown
  }
  return undefined
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function validateSampling(body: Record<string, unknown>): OpenAIErrorReply | undefined {
  const { temperature, top_p: topP, stop, seed } = body
  if (
    temperature !== undefined &&
    !(typeof temperature === 'number' && temperature >= 0 && temperature <= 2)
  ) {
    return invalid('temperature must be a number between 0 and 2', 'temperature')
  }
  if (topP !== undefined && !(typeof topP === 'number' && topP >= 0 && topP <= 1)) {
    return invalid('top_p must be a number between 0 and 1', 'top_p')
  }
  if (seed !== undefined && !Number.isInteger(seed))
    return invalid('seed must be an integer', 'seed')
  if (stop !== undefined && typeof stop !== 'string') {
    if (!Array.isArray(stop) || stop.some((item) => typeof item !== 'string')) {
      return invalid('stop must be a string or an array of strings', 'stop')
    }
    if (stop.length > 4) return invalid('stop: at most 4 sequences are allowed', 'stop')
  }
  for (const key of ['max_tokens', 'max_completion_tokens']) {
    const value = body[key]
    if (value !== undefined && !(Number.isInteger(value) && (value as number) > 0)) {
      return invalid(`${key} must be a positive integer`, key)
    }
  }
  return undefined
}

function validateChat(body: Record<string, unknown>): OpenAIErrorReply | undefined {
  const { messages, response_format: format, logprobs, top_logprobs: topLogprobs } = body
  if (!Array.isArray(messages) || messages.length === 0) {
    return invalid("[] is too short - 'messages'", 'messages')
  }
  const problem = validateSampling(body) ?? validateMessages(messages)
  if (problem) return problem
  if (topLogprobs !== undefined) {
    if (logprobs !== true)
      return invalid('logprobs must be true when top_logprobs is set', 'top_logprobs')
    if (
      !(
        Number.isInteger(topLogprobs) &&
        (topLogprobs as number) >= 0 &&
        (topLogprobs as number) <= 20
      )
    ) {
      return invalid('top_logprobs must be between 0 and 20', 'top_logprobs')
    }
  }
  return (
    (format === undefined ? undefined : validateResponseFormat(format)) ??
    (body.tools === undefined ? undefined : validateTools(body.tools))
  )
}

function validateResponseFormat(format: unknown): OpenAIErrorReply | undefined {
  const { type, json_schema: schema } = (format ?? {}) as {
    type?: unknown
    json_schema?: { name?: unknown }
  }
  if (type === 'text' || type === 'json_object') return undefined
  if (type !== 'json_schema') return invalid('response_format.type is invalid', 'response_format')
  if (typeof schema?.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(schema.name)) {
    return invalid(
      "Missing required parameter: 'response_format.json_schema.name'.",
      'response_format',
    )
  }
  return undefined
}

function validateTools(tools: unknown): OpenAIErrorReply | undefined {
  if (!Array.isArray(tools)) return invalid('tools must be an array', 'tools')
  for (const tool of tools as { type?: unknown; function?: { name?: unknown } }[]) {
    if (tool?.type !== 'function' || typeof tool.function?.name !== 'string') {
      return invalid("Missing required parameter: 'tools[].function.name'.", 'tools')
    }
  }
  return undefined
}

interface ChatMessage {
  role?: unknown
  content?: unknown
  tool_calls?: {
    id?: unknown
    type?: unknown
    function?: { name?: unknown; arguments?: unknown }
  }[]
  tool_call_id?: unknown
}

const roles = new Set(['system', 'developer', 'user', 'assistant', 'tool'])

function validateMessages(messages: unknown[]): OpenAIErrorReply | undefined {
  let unanswered: string[] = []
  for (const [index, raw] of messages.entries()) {
    const message = (raw ?? {}) as ChatMessage
    const where = `messages[${index}]`
    if (typeof message.role !== 'string' || !roles.has(message.role)) {
      return invalid(`Invalid value for '${where}.role'.`, `${where}.role`)
    }
    if (message.role !== 'tool' && unanswered.length > 0) return missingToolResults(unanswered)
    const problem = validateContent(message, where)
    if (problem) return problem
    const next = nextUnanswered(message, where, unanswered)
    if (!Array.isArray(next)) return next
    unanswered = next
  }
  return unanswered.length > 0 ? missingToolResults(unanswered) : undefined
}

/** The tool calls still waiting for a result after `message`, or why the history is invalid. */
function nextUnanswered(
  message: ChatMessage,
  where: string,
  unanswered: string[],
): string[] | OpenAIErrorReply {
  if (message.role === 'assistant' && message.tool_calls !== undefined) {
    return toolCallIds(message.tool_calls, where)
  }
  if (message.role !== 'tool') return unanswered
  const id = message.tool_call_id
  if (typeof id !== 'string') {
    return invalid(`Missing required parameter: '${where}.tool_call_id'.`, `${where}.tool_call_id`)
  }
  if (!unanswered.includes(id)) {
    return invalid(
      "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
      `${where}.role`,
    )
  }
  return unanswered.filter((pending) => pending !== id)
}

function missingToolResults(ids: string[]): OpenAIErrorReply {
  return invalid(
    `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${ids.join(', ')}`,
    'messages',
  )
}

function toolCallIds(calls: ChatMessage['tool_calls'], where: string): string[] | OpenAIErrorReply {
  if (!Array.isArray(calls) || calls.length === 0) {
    return invalid(`Invalid '${where}.tool_calls': empty array.`, `${where}.tool_calls`)
  }
  for (const call of calls) {
    if (
      typeof call?.id !== 'string' ||
      call.type !== 'function' ||
      typeof call.function?.name !== 'string'
    ) {
      return invalid(
        `Missing required parameter: '${where}.tool_calls[].id'.`,
        `${where}.tool_calls`,
      )
    }
    if (typeof call.function.arguments !== 'string') {
      return invalid(
        `Invalid type for '${where}.tool_calls[].function.arguments': expected a string.`,
        `${where}.tool_calls`,
      )
    }
  }
  return calls.map((call) => call.id as string)
}

function validateContent(message: ChatMessage, where: string): OpenAIErrorReply | undefined {
  const { content, role } = message
  if (typeof content === 'string') return undefined
  if (content === null || content === undefined) {
    return role === 'assistant' && message.tool_calls
      ? undefined
      : invalid(
          `Invalid value for '${where}.content': expected a string, got null.`,
          `${where}.content`,
        )
  }
  if (!Array.isArray(content) || role === 'tool' || role === 'assistant') {
    if (Array.isArray(content) && content.every((part) => part?.type === 'text')) return undefined
    return invalid(`Invalid type for '${where}.content'.`, `${where}.content`)
  }
  for (const part of content as {
    type?: unknown
    text?: unknown
    image_url?: { url?: unknown }
  }[]) {
    if (part?.type === 'text' && typeof part.text === 'string') continue
    const url = part?.type === 'image_url' ? part.image_url?.url : undefined
    if (typeof url === 'string' && /^(https?:|data:image\/(png|jpeg|gif|webp);base64,)/.test(url))
      continue
    return invalid(`Invalid content part in '${where}.content'.`, `${where}.content`)
  }
  return undefined
}

function validateCompletion(body: Record<string, unknown>): OpenAIErrorReply | undefined {
  if (typeof body.prompt !== 'string') return invalid('prompt must be a string', 'prompt')
  if (body.suffix !== undefined && typeof body.suffix !== 'string') {
    return invalid('suffix must be a string', 'suffix')
  }
  return validateSampling(body)
}

function validateEmbeddings(body: Record<string, unknown>): OpenAIErrorReply | undefined {
  const { input, encoding_format: encoding, dimensions } = body
  const inputs = typeof input === 'string' ? [input] : input
  if (
    !Array.isArray(inputs) ||
    inputs.length === 0 ||
    inputs.some((item) => typeof item !== 'string' || item === '')
  ) {
    return invalid(
      "'$.input' is invalid: it must be a non-empty string or array of non-empty strings",
      'input',
    )
  }
  if (encoding !== undefined && encoding !== 'float' && encoding !== 'base64') {
    return invalid(`Invalid value for 'encoding_format' = ${String(encoding)}.`, 'encoding_format')
  }
  if (dimensions !== undefined && !(Number.isInteger(dimensions) && (dimensions as number) > 0)) {
    return invalid('dimensions must be a positive integer', 'dimensions')
  }
  return undefined
}
