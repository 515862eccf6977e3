import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions'
import type { ChatGenerationRequest } from '../core/generation-request.ts'
import type { UpstreamProfile } from '../upstream/upstream-profile.ts'
import {
  type OpenAIReasoningParams,
  toOpenAIReasoningParams,
} from './to-openai-reasoning-params.ts'
import { type OpenAISamplingParams, toOpenAISamplingParams } from './to-openai-sampling-params.ts'

export type OpenAIChatRequest = ChatCompletionCreateParamsStreaming &
  OpenAISamplingParams &
  OpenAIReasoningParams

/**
 * A chat generation as a streaming chat completion request for `upstreamModel`, in the backend's
 * dialect. It is always streamed: non-streamed answers are assembled from the stream.
 */
export function toOpenAIChatRequest(
  request: ChatGenerationRequest,
  upstreamModel: string,
  profile: UpstreamProfile,
): OpenAIChatRequest {
  const params: OpenAIChatRequest = {
    model: upstreamModel,
    messages: request.messages,
    stream: true,
    ...toOpenAISamplingParams(request.sampling, profile),
    ...toOpenAIReasoningParams(request.think, profile.dialect),
  }
  if (profile.streamUsage) params.stream_options = { include_usage: true }
  if (request.tools?.length) {
    params.tools = request.tools
    if (request.toolChoice !== undefined) params.tool_choice = request.toolChoice
    if (request.parallelToolCalls !== undefined) {
      params.parallel_tool_calls = request.parallelToolCalls
    }
  }
  if (request.responseFormat) params.response_format = request.responseFormat
  if (request.logprobs) {
    params.logprobs = true
    if (request.logprobs.top > 0) params.top_logprobs = request.logprobs.top
  }
  return params
}
