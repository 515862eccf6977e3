/**
 * What the demo backend says: a deterministic answer computed from the request alone, so that
 * every Ollama feature (text, thinking, tool calls, structured output, images) can be tried
 * without an account.
 */

import { type ExampleMode, exampleValue, type JsonSchema } from './example-value.ts'
import { readPromptFacts } from './prompt-facts.ts'

interface DemoMessage {
  role: string
  content?: unknown
  tool_calls?: { function: { name: string } }[]
  tool_call_id?: string
}

interface DemoTool {
  function: { name: string; parameters?: JsonSchema }
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

export interface DemoModelTraits {
  /**
   * Whether the model reasons before answering, unless told not to (`reasoning_effort: "none"`),
   * as Ollama runs a thinking model whose request leaves `think` unset.
   */
  thinks: boolean
  /** For dates and times in structured answers. */
  now: Date
}

/**
 * What the demo model says to `request`: a tool call when a tool fits what the user asked (its
 * arguments drawn from the user's words), an answer in the requested JSON schema, or a greeting
 * that repeats the question; reasoning first when the model thinks.
 */
export function planDemoAnswer(request: DemoChatRequest, traits: DemoModelTraits): DemoAnswer {
  const last = request.messages.at(-1)
  const userText = textOf(
    [...request.messages].reverse().find((message) => message.role === 'user'),
  )
  const facts = readPromptFacts(userText)
  const answer = (thought: string, content: string, toolCalls: DemoAnswer['toolCalls'] = []) => ({
    reasoning: traits.thinks ? reasoningOf(thought, request.reasoning_effort) : '',
    content,
    toolCalls,
  })
  const fill = (schema: JsonSchema, mode: ExampleMode) =>
    JSON.stringify(exampleValue(schema, facts, mode, traits.now))
  if (last?.role === 'tool') {
    const call = request.messages.flatMap((message) => message.tool_calls ?? []).at(-1)
      ?.function.name
    return answer(
      `The ${call ?? 'tool'} tool answered; I pass its result on.`,
      `The tool ${call ?? 'call'} answered: ${textOf(last)}`,
    )
  }
  const asked = `The user asks: "${userText}".`
  const tool = pickTool(request.tools ?? [], userText)
  if (tool) {
    const args = fill({ ...tool.function.parameters, type: 'object' }, 'arguments')
    return answer(`${asked} The ${tool.function.name} tool fits; I call it with ${args}.`, '', [
      { name: tool.function.name, arguments: args },
    ])
  }
  const format = request.response_format
  if (format?.type === 'json_schema') {
    return answer(
      `${asked} The answer must follow the JSON schema I was given.`,
      fill(format.json_schema?.schema ?? {}, 'answer'),
    )
  }
  if (format?.type === 'json_object') {
    return answer(`${asked} The answer must be a JSON object.`, JSON.stringify({ echo: userText }))
  }
  const images = imageCount(last)
  const seen = images > 0 ? ` I see ${images} image${images > 1 ? 's' : ''}.` : ''
  const words = userText.split(/\s+/).filter(Boolean).length
  return answer(
    `The user wrote ${words} word${words === 1 ? '' : 's'}; I answer as the demo backend.`,
    `Hello from the demo backend! You said: "${userText}".${seen}`,
  )
}

/** The model's reasoning at an effort: none, the thought, or the thought checked once more. */
function reasoningOf(thought: string, effort: string | undefined): string {
  if (effort === 'none') return ''
  if (effort === 'high' || effort === 'xhigh' || effort === 'max') {
    return `${thought} Let me check once more: that is what was asked.`
  }
  return thought
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
