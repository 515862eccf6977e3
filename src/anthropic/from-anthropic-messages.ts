import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions'
import type { ChatGenerationRequest, Sampling } from '../core/generation-request.ts'
import { toOpenAIResponseFormat } from '../translate/to-openai-response-format.ts'
import { fromAnthropicConversation } from './from-anthropic-conversation.ts'
import { fromAnthropicSystem } from './from-anthropic-system.ts'
import { fromAnthropicThinking } from './from-anthropic-thinking.ts'
import { fromAnthropicTools } from './from-anthropic-tools.ts'
import type { MessagesRequest } from './schemas.ts'

/**
 * An Anthropic Messages request as a neutral chat generation: the system prompt first, the
 * conversation, tools, sampling (`top_k` stated as an intent: only backends that accept it get it),
 * thinking, and structured output (`output_config.format`). `metadata` and the other fields a chat backend has no use for are dropped.
 */
export function fromAnthropicMessages(request: MessagesRequest): ChatGenerationRequest {
  const system = fromAnthropicSystem(request.system)
  const messages: ChatCompletionMessageParam[] = system ? [{ role: 'system', content: system }] : []
  messages.push(...fromAnthropicConversation(request.messages))
  const sampling: Sampling = { maxTokens: request.max_tokens }
  if (request.temperature !== undefined) sampling.temperature = request.temperature
  if (request.top_p !== undefined) sampling.topP = request.top_p
  if (request.top_k !== undefined) sampling.topK = request.top_k
  if (request.stop_sequences?.length) sampling.stop = request.stop_sequences
  const generation: ChatGenerationRequest = {
    kind: 'chat',
    model: request.model,
    messages,
    sampling,
    ...fromAnthropicTools(request.tools, request.tool_choice),
  }
  const think = fromAnthropicThinking(request)
  if (think !== undefined) generation.think = think
  const responseFormat = toOpenAIResponseFormat(request.output_config?.format?.schema)
  if (responseFormat) generation.responseFormat = responseFormat
  return generation
}
