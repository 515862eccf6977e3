import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionContentPartImage,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions'
import { OllamaError } from '../errors/ollama-error.ts'
import { toImageDataUrl } from '../translate/to-image-data-url.ts'
import {
  CustomToolCallItem,
  FunctionCallItem,
  InputImagePart,
  InputTextPart,
  MessageItem,
  OutputTextPart,
  RefusalPart,
  ToolOutputItem,
} from './schemas.ts'
import { ToolNames } from './tool-names.ts'
import { wireCheck } from './wire-check.ts'

const checkMessage = wireCheck(MessageItem)
const checkFunctionCall = wireCheck(FunctionCallItem)
const checkCustomToolCall = wireCheck(CustomToolCallItem)
const checkToolOutput = wireCheck(ToolOutputItem)
const checkInputText = wireCheck(InputTextPart)
const checkOutputText = wireCheck(OutputTextPart)
const checkRefusal = wireCheck(RefusalPart)
const checkInputImage = wireCheck(InputImagePart)

const roles: Record<string, 'user' | 'system' | 'assistant'> = {
  user: 'user',
  system: 'system',
  // Most open-model chat templates know no developer role.
  developer: 'system',
  assistant: 'assistant',
}

/** The text and images of some content, in order. */
type Parts = ({ type: 'text'; text: string } | ChatCompletionContentPartImage)[]

/**
 * Responses input (a user message as a string, or input items) as chat messages, in order:
 * messages (developer as system; text parts joined, images as `image_url` parts of user
 * messages), function and custom tool calls merged into the assistant message before them, and
 * their outputs as tool messages. An assistant message between a call and its output joins the
 * call's message (Codex replays history so), so that tool results still follow their calls;
 * images in tool outputs follow the results as a user message (tool messages take text only); a
 * call left unanswered gets an empty result. Reasoning items are not sent (backends differ on
 * whether they take reasoning back) and web search calls are skipped.
 */
export function fromResponsesInput(
  input: string | readonly unknown[] | undefined,
): ChatCompletionMessageParam[] {
  if (input === undefined || input === '') return []
  if (typeof input === 'string') return [{ role: 'user', content: input }]
  const conversation = new Conversation()
  for (const [index, item] of input.entries()) conversation.add(item, `input[${index}]`)
  return conversation.finish()
}

class Conversation {
  readonly #messages: ChatCompletionMessageParam[] = []
  /** Calls of the last assistant message that no tool message has answered yet. */
  #unanswered: string[] = []
  /** Images of tool outputs, sent as a user message once the tool results are in. */
  #toolImages: ChatCompletionContentPartImage[] = []

  add(item: unknown, where: string): void {
    const { type, role } = item as { type?: string; role?: string }
    switch (type ?? (role === undefined ? undefined : 'message')) {
      case 'message':
        this.#addMessage(checkMessage(item, where), where)
        break
      case 'function_call': {
        const call = checkFunctionCall(item, where)
        const name = ToolNames.chatName(call.name, call.namespace)
        this.#addCall(call.call_id, name, call.arguments || '{}')
        break
      }
      case 'custom_tool_call': {
        const call = checkCustomToolCall(item, where)
        const name = ToolNames.chatName(call.name, call.namespace)
        this.#addCall(call.call_id, name, JSON.stringify({ input: call.input }))
        break
      }
      case 'function_call_output':
      case 'custom_tool_call_output':
        this.#addToolOutput(checkToolOutput(item, where), where)
        break
      case 'reasoning':
      case 'web_search_call':
        break
      case 'item_reference':
        throw OllamaError.badRequest(
          `${where}: item references are not supported: this server stores nothing; send the items themselves (store: false)`,
        )
      case undefined:
        throw OllamaError.badRequest(`${where}: input item missing required 'type' field`)
      default:
        throw OllamaError.badRequest(`${where}: unknown input item type: "${type}"`)
    }
  }

  finish(): ChatCompletionMessageParam[] {
    this.#endToolResults()
    return this.#messages
  }

  #addMessage(item: MessageItem, where: string): void {
    const role = Object.hasOwn(roles, item.role) ? roles[item.role] : undefined
    if (role === undefined) {
      throw OllamaError.badRequest(
        `${where}: invalid role "${item.role}": expected user, system, developer or assistant`,
      )
    }
    const parts = toParts(item.content, where)
    if (role !== 'user' && parts.some((part) => part.type === 'image_url')) {
      throw OllamaError.badRequest(`${where}: images are only supported in user messages`)
    }
    const last = this.#messages.at(-1)
    if (role === 'assistant' && this.#unanswered.length > 0 && last?.role === 'assistant') {
      last.content = `${last.content ?? ''}${joinText(parts)}`
      return
    }
    this.#endToolResults()
    const hasImages = parts.some((part) => part.type === 'image_url')
    this.#messages.push(
      role === 'user' && hasImages ? { role, content: parts } : { role, content: joinText(parts) },
    )
  }

  #addCall(id: string, name: string, args: string): void {
    const call = { id, type: 'function' as const, function: { name, arguments: args } }
    let last = this.#messages.at(-1)
    if (last?.role !== 'assistant') {
      this.#endToolResults()
      last = { role: 'assistant', content: null } satisfies ChatCompletionAssistantMessageParam
      this.#messages.push(last)
    }
    last.tool_calls = [...(last.tool_calls ?? []), call]
    this.#unanswered.push(id)
  }

  #addToolOutput(item: ToolOutputItem, where: string): void {
    const parts = toParts(item.output, where)
    for (const part of parts) if (part.type === 'image_url') this.#toolImages.push(part)
    this.#unanswered = this.#unanswered.filter((id) => id !== item.call_id)
    this.#messages.push({ role: 'tool', tool_call_id: item.call_id, content: joinText(parts) })
  }

  /** Before the conversation goes on: every call answered, then the tool outputs' images. */
  #endToolResults(): void {
    for (const id of this.#unanswered) {
      this.#messages.push({ role: 'tool', tool_call_id: id, content: '' })
    }
    this.#unanswered = []
    if (this.#toolImages.length > 0)
      this.#messages.push({ role: 'user', content: this.#toolImages })
    this.#toolImages = []
  }
}

function toParts(content: string | readonly { type: string }[], where: string): Parts {
  if (typeof content === 'string') return [{ type: 'text', text: content }]
  return content.map((part, index) => toPart(part, `${where}: content[${index}]`))
}

function toPart(part: { type: string }, where: string): Parts[number] {
  switch (part.type) {
    case 'input_text':
      return { type: 'text', text: checkInputText(part, where).text }
    case 'output_text':
      return { type: 'text', text: checkOutputText(part, where).text }
    case 'refusal':
      return { type: 'text', text: checkRefusal(part, where).refusal }
    case 'input_image':
      return toImagePart(checkInputImage(part, where), where)
    case 'input_file':
      throw OllamaError.badRequest(`${where}: file inputs are not currently supported`)
    default:
      throw OllamaError.badRequest(`${where}: unknown content type: ${part.type}`)
  }
}

function toImagePart(part: InputImagePart, where: string): ChatCompletionContentPartImage {
  const { image_url: url, detail } = part
  if (!url) {
    throw OllamaError.badRequest(
      `${where}: images by file_id are not supported (nothing is stored here): send image_url`,
    )
  }
  let image: ChatCompletionContentPartImage.ImageURL
  if (url.startsWith('data:')) image = { url: toImageDataUrl(url) }
  else if (/^https?:\/\//i.test(url)) image = { url }
  else
    throw OllamaError.badRequest(`${where}: invalid image input: expected a data: or http(s) URL`)
  if (detail === 'low' || detail === 'high' || detail === 'auto') image.detail = detail
  return { type: 'image_url', image_url: image }
}

/** All text of some parts, joined as Ollama joins it (no separator); images left out. */
function joinText(parts: Parts): string {
  let text = ''
  for (const part of parts) if (part.type === 'text') text += part.text
  return text
}
