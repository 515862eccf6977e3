import type { ChatCompletionTool } from 'openai/resources/chat/completions'
import type { ChatGenerationRequest } from '../core/generation-request.ts'
import type { ChatRequest } from '../ollama/schemas.ts'
import { parseKeepAlive } from './parse-keep-alive.ts'
import { toOpenAIMessages } from './to-openai-messages.ts'
import { toOpenAIResponseFormat } from './to-openai-response-format.ts'
import { toOpenAIToolChoice } from './to-openai-tool-choice.ts'
import { toSampling } from './to-sampling.ts'

/** An Ollama chat request as a neutral chat generation (throws 400 on what cannot be sent). */
export function fromOllamaChat(request: ChatRequest): ChatGenerationRequest {
  const generation: ChatGenerationRequest = {
    kind: 'chat',
    model: request.model ?? '',
    messages: toOpenAIMessages(request.messages ?? []),
    sampling: toSampling(request.options),
  }
  if (request.think !== undefined) generation.think = request.think
  if (request.tools?.length) generation.tools = request.tools as ChatCompletionTool[]
  if (request.tool_choice !== undefined)
    generation.toolChoice = toOpenAIToolChoice(request.tool_choice)
  const responseFormat = toOpenAIResponseFormat(request.format)
  if (responseFormat) generation.responseFormat = responseFormat
  if (request.logprobs || (request.top_logprobs ?? 0) > 0) {
    generation.logprobs = { top: request.top_logprobs ?? 0 }
  }
  if (request.keep_alive !== undefined) generation.keepAliveMs = parseKeepAlive(request.keep_alive)
  return generation
}
