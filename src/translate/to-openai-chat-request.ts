import type {
  ChatCompletionCreateParamsStreaming,
  ChatCompletionTool,
} from 'openai/resources/chat/completions'
import type { ChatRequest } from '../ollama/schemas.ts'
import type { UpstreamProfile } from '../upstream/upstream-profile.ts'
import { toOpenAIMessages } from './to-openai-messages.ts'
import {
  type OpenAIReasoningParams,
  toOpenAIReasoningParams,
} from './to-openai-reasoning-params.ts'
import { toOpenAIResponseFormat } from './to-openai-response-format.ts'
import { type OpenAISamplingParams, toOpenAISamplingParams } from './to-openai-sampling-params.ts'

export type OpenAIChatRequest = ChatCompletionCreateParamsStreaming &
  OpenAISamplingParams &
  OpenAIReasoningParams

/**
 * An Ollama chat request as a streaming OpenAI chat completion request for `upstreamModel`. It is
 * always streamed: a non-streamed Ollama answer is assembled from the stream, as Ollama does.
 */
export function toOpenAIChatRequest(
  request: ChatRequest,
  upstreamModel: string,
  profile: UpstreamProfile,
): OpenAIChatRequest {
  const params: OpenAIChatRequest = {
    model: upstreamModel,
    messages: toOpenAIMessages(request.messages ?? []),
    stream: true,
    ...toOpenAISamplingParams(request.options, profile),
    ...toOpenAIReasoningParams(request.think, profile.dialect),
  }
  if (profile.streamUsage) params.stream_options = { include_usage: true }
  if (request.tools?.length) params.tools = request.tools as ChatCompletionTool[]
  const responseFormat = toOpenAIResponseFormat(request.format)
  if (responseFormat) params.response_format = responseFormat
  if (request.logprobs || (request.top_logprobs ?? 0) > 0) {
    params.logprobs = true
    if (request.top_logprobs) params.top_logprobs = request.top_logprobs
  }
  return params
}
