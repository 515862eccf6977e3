import type {
  ChatCompletionContentPartImage,
  ChatCompletionContentPartText,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
  ChatCompletionToolMessageParam,
} from 'openai/resources/chat/completions'
import { toImageDataUrl } from '../translate/to-image-data-url.ts'
import type { BlockOf, ContentBlock, InputMessage } from './schemas.ts'

type ContentPart = ChatCompletionContentPartText | ChatCompletionContentPartImage
type ToolResultPart = Exclude<BlockOf<'tool_result'>['content'], string | undefined>[number]

/** Text blocks of one message are joined with a blank line, as separate paragraphs. */
const blockSeparator = '\n\n'

/**
 * An Anthropic conversation as OpenAI chat messages. A user turn's tool results become `tool`
 * messages placed first, right after the assistant's calls (Claude Code puts results and text in one
 * turn; OpenAI wants the results next to the calls), then the turn's own text and images as one
 * user message; images inside tool results join that message (tool messages take text only). An
 * assistant turn becomes its text and its tool calls (arguments as JSON, keys in their order).
 * Thinking, redacted thinking, server tool blocks and unknown blocks are not sent; a message left
 * with nothing is skipped; calls left without a result get an empty one, as strict backends want.
 */
export function fromAnthropicConversation(
  messages: readonly InputMessage[],
): ChatCompletionMessageParam[] {
  const converted: ChatCompletionMessageParam[] = []
  let pending: string[] = []
  const answerPendingCalls = () => {
    for (const id of pending) converted.push({ role: 'tool', tool_call_id: id, content: '' })
    pending = []
  }
  for (const message of messages) {
    const blocks: readonly ContentBlock[] =
      typeof message.content === 'string'
        ? [{ type: 'text', text: message.content }]
        : message.content
    if (message.role === 'assistant') {
      answerPendingCalls()
      const assistant = toAssistantMessage(blocks)
      if (assistant === undefined) continue
      converted.push(assistant)
      pending = assistant.tool_calls?.map((call) => call.id) ?? []
      continue
    }
    const { results, user } = toUserMessages(blocks)
    for (const result of results) {
      converted.push(result)
      pending = pending.filter((id) => id !== result.tool_call_id)
    }
    answerPendingCalls()
    if (user) converted.push(user)
  }
  answerPendingCalls()
  return converted
}

function toAssistantMessage(
  blocks: readonly ContentBlock[],
): Extract<ChatCompletionMessageParam, { role: 'assistant' }> | undefined {
  const texts: string[] = []
  const calls: ChatCompletionMessageFunctionToolCall[] = []
  for (const block of blocks) {
    if (block.type === 'text') texts.push((block as BlockOf<'text'>).text)
    if (block.type === 'tool_use') {
      const { id, name, input } = block as BlockOf<'tool_use'>
      calls.push({
        id,
        type: 'function',
        function: { name, arguments: JSON.stringify(input ?? {}) },
      })
    }
  }
  const content = texts.join(blockSeparator)
  if (calls.length > 0) return { role: 'assistant', content: content || null, tool_calls: calls }
  return content === '' ? undefined : { role: 'assistant', content }
}

function toUserMessages(blocks: readonly ContentBlock[]): {
  results: ChatCompletionToolMessageParam[]
  user?: ChatCompletionMessageParam
} {
  const results: ChatCompletionToolMessageParam[] = []
  const resultImages: ContentPart[] = []
  const parts: ContentPart[] = []
  for (const block of blocks) {
    if (block.type !== 'tool_result') {
      const part = toContentPart(block)
      if (part) parts.push(part)
      continue
    }
    const result = block as BlockOf<'tool_result'>
    const resultParts = toolResultParts(result.content)
    const text = joinText(resultParts)
    resultImages.push(...resultParts.filter((part) => part.type === 'image_url'))
    results.push({
      role: 'tool',
      tool_call_id: result.tool_use_id,
      content: result.is_error ? `Error: ${text}` : text,
    })
  }
  const content = [...resultImages, ...parts]
  if (content.some((part) => part.type === 'image_url')) {
    return { results, user: { role: 'user', content } }
  }
  const text = joinText(content)
  return text === '' ? { results } : { results, user: { role: 'user', content: text } }
}

function toolResultParts(content: BlockOf<'tool_result'>['content']): ContentPart[] {
  if (content === undefined) return []
  if (typeof content === 'string') return [textPart(content)]
  return content.flatMap((part) => toContentPart(part) ?? [])
}

function joinText(parts: readonly ContentPart[]): string {
  return parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join(blockSeparator)
}

/** Text, images and text documents, as OpenAI content parts; nothing for anything else. */
function toContentPart(block: ContentBlock | ToolResultPart): ContentPart | undefined {
  switch (block.type) {
    case 'text':
      return textPart((block as BlockOf<'text'>).text)
    case 'image': {
      const { source } = block as BlockOf<'image'>
      // Base64 is checked (a clear 400) and its type read from the bytes, as on every surface.
      const url = source.type === 'url' ? source.url : toImageDataUrl(source.data)
      return { type: 'image_url', image_url: { url } }
    }
    case 'document': {
      const { source } = block as BlockOf<'document'>
      return source?.type === 'text' && source.data ? textPart(source.data) : undefined
    }
    default:
      return undefined
  }
}

function textPart(text: string): ContentPart {
  return { type: 'text', text }
}
