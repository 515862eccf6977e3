/**
 * What the demo backend says: a deterministic answer computed from the request alone, so that
 * every Ollama feature (text, thinking, tool calls, structured output, images) can be tried
 * without an account.
 */

interface DemoMessage {
  role: string
  content?: unknown
  tool_calls?: { function: { name: string } }[]
  tool_call_id?: string
}

interface DemoTool {
  function: { name: string; parameters?: JsonSchema }
}

interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  enum?: unknown[]
}

export interface DemoChatRequest {
  messages: DemoMessage[]
  tools?: DemoTool[]
  response_format?: { type: string; json_schema?: { schema?: JsonSchema } }
  reasoning_effort?: string
}

export interface DemoAnswer {
  reasoning: string
  content: string
  toolCalls: { name: string; arguments: string }[]
}

export function planDemoAnswer(request: DemoChatRequest): DemoAnswer {
  const last = request.messages.at(-1)
  const userText = textOf(
    [...request.messages].reverse().find((message) => message.role === 'user'),
  )
  const wordCount = userText.split(/\s+/).filter(Boolean).length
  const reasoning =
    request.reasoning_effort === 'none'
      ? ''
      : `The user wrote ${wordCount} word${wordCount === 1 ? '' : 's'}; I answer as the demo backend.`
  if (last?.role === 'tool') {
    const call = request.messages.flatMap((message) => message.tool_calls ?? []).at(-1)
      ?.function.name
    return {
      reasoning,
      content: `The tool ${call ?? 'call'} answered: ${textOf(last)}`,
      toolCalls: [],
    }
  }
  const tool = pickTool(request.tools ?? [], userText)
  if (tool) {
    const args = exampleOf(tool.function.parameters ?? { type: 'object' }, userText)
    return {
      reasoning,
      content: '',
      toolCalls: [{ name: tool.function.name, arguments: JSON.stringify(args) }],
    }
  }
  const format = request.response_format
  if (format?.type === 'json_schema') {
    return {
      reasoning,
      content: JSON.stringify(exampleOf(format.json_schema?.schema ?? {}, userText)),
      toolCalls: [],
    }
  }
  if (format?.type === 'json_object') {
    return { reasoning, content: JSON.stringify({ echo: userText }), toolCalls: [] }
  }
  const images = imageCount(last)
  const seen = images > 0 ? ` I see ${images} image${images > 1 ? 's' : ''}.` : ''
  return {
    reasoning,
    content: `Hello from the demo backend! You said: "${userText}".${seen}`,
    toolCalls: [],
  }
}

function textOf(message: DemoMessage | undefined): string {
  const content = message?.content
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content
    .filter((part): part is { type: 'text'; text: string } => part?.type === 'text')
    .map((part) => part.text)
    .join(' ')
}

function imageCount(message: DemoMessage | undefined): number {
  const content = message?.content
  return Array.isArray(content) ? content.filter((part) => part?.type === 'image_url').length : 0
}

/** The tool the user names, or any tool when the user asks for one ("use a tool", "weather"). */
function pickTool(tools: DemoTool[], userText: string): DemoTool | undefined {
  const text = userText.toLowerCase()
  const named = tools.find((tool) =>
    tool.function.name
      .toLowerCase()
      .split(/[_\W]+/)
      .some((word) => word.length > 3 && text.includes(word)),
  )
  return named ?? (/\btool\b/.test(text) ? tools[0] : undefined)
}

/** A value matching `schema`; strings take the last capitalised word the user wrote (a place…). */
function exampleOf(schema: JsonSchema, userText: string): unknown {
  if (schema.enum?.length) return schema.enum[0]
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, value]) => [
          key,
          exampleOf(value, userText),
        ]),
      )
    case 'array':
      return [exampleOf(schema.items ?? { type: 'string' }, userText)]
    case 'integer':
    case 'number':
      return 42
    case 'boolean':
      return true
    default:
      return (
        userText
          .match(/\b[A-Z][a-z]+\b/g)
          ?.slice(1)
          .at(-1) ?? 'demo'
      )
  }
}
