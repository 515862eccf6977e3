import type {
  ChatCompletionContentPart,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions'
import { OllamaError } from '../errors/ollama-error.ts'
import type { Message, ToolCall } from '../ollama/schemas.ts'
import { toImageDataUrl } from './to-image-data-url.ts'

interface PendingCall {
  id: string
  name: string
}

/**
 * An Ollama conversation as OpenAI chat messages. Images become `image_url` parts (user messages);
 * assistant tool calls get ids (the client's, or deterministic `call_<message>_<call>` ones) and
 * JSON-string arguments; every tool result gets the `tool_call_id` of the call it answers: its
 * own, else the first unanswered call with its `tool_name`, else the next unanswered call. A result
 * that answers no call is given one, and a call left unanswered gets an empty result, so strict
 * backends accept the history. Assistant `thinking` is not sent back (some backends refuse it).
 */
export function toOpenAIMessages(messages: readonly Message[]): ChatCompletionMessageParam[] {
  const converted: ChatCompletionMessageParam[] = []
  let pending: PendingCall[] = []
  /** Strict backends need every call answered before the conversation goes on. */
  const answerPendingCalls = () => {
    for (const call of pending) converted.push({ role: 'tool', tool_call_id: call.id, content: '' })
    pending = []
  }
  messages.forEach((message, messageIndex) => {
    const content = message.content ?? ''
    const role = message.role.toLowerCase()
    if (role !== 'tool') answerPendingCalls()
    switch (role) {
      case 'system':
      case 'developer':
        converted.push({ role, content })
        return
      case 'user':
        converted.push({ role, content: withImages(content, message.images) })
        return
      case 'assistant': {
        const toolCalls = (message.tool_calls ?? []).map((call, callIndex) =>
          toOpenAIToolCall(call, `call_${messageIndex}_${callIndex}`),
        )
        pending = toolCalls.map((call) => ({ id: call.id, name: call.function.name }))
        converted.push(
          toolCalls.length > 0
            ? { role, content: content === '' ? null : content, tool_calls: toolCalls }
            : { role, content },
        )
        return
      }
      case 'tool': {
        const answered = takePendingCall(pending, message)
        let toolCallId = message.tool_call_id ?? answered?.id
        if (toolCallId === undefined) {
          toolCallId = `call_${messageIndex}_0`
          converted.push({
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: toolCallId,
                type: 'function',
                function: { name: message.tool_name ?? 'tool', arguments: '{}' },
              },
            ],
          })
        }
        converted.push({ role, tool_call_id: toolCallId, content })
        return
      }
      default:
        throw OllamaError.badRequest(
          `invalid message role "${message.role}": expected system, user, assistant or tool`,
        )
    }
  })
  answerPendingCalls()
  return converted
}

function withImages(content: string, images: readonly string[] | undefined) {
  if (!images?.length) return content
  const parts: ChatCompletionContentPart[] = content === '' ? [] : [{ type: 'text', text: content }]
  for (const image of images)
    parts.push({ type: 'image_url', image_url: { url: toImageDataUrl(image) } })
  return parts
}

function toOpenAIToolCall(
  call: ToolCall,
  fallbackId: string,
): ChatCompletionMessageFunctionToolCall {
  const args = call.function.arguments
  return {
    id: call.id || fallbackId,
    type: 'function',
    function: {
      name: call.function.name,
      arguments: typeof args === 'string' ? args : JSON.stringify(args),
    },
  }
}

/** Removes from `pending` the call a tool result answers, and returns it. */
function takePendingCall(pending: PendingCall[], message: Message): PendingCall | undefined {
  const { tool_call_id: id, tool_name: name } = message
  let index = pending.findIndex((call) => (id !== undefined ? call.id === id : call.name === name))
  if (index < 0 && id === undefined) index = 0
  return index >= 0 ? pending.splice(index, 1)[0] : undefined
}
