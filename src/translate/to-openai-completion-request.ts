import type { CompletionCreateParamsStreaming } from 'openai/resources/completions'
import type { CompletionGenerationRequest } from '../core/generation-request.ts'
import type { UpstreamProfile } from '../upstream/upstream-profile.ts'
import { type OpenAISamplingParams, toOpenAISamplingParams } from './to-openai-sampling-params.ts'

export type OpenAICompletionRequest = CompletionCreateParamsStreaming & OpenAISamplingParams

/**
 * A raw or fill-in-the-middle prompt as a streaming (legacy) completion request: the prompt goes
 * verbatim, the suffix as `suffix`.
 */
export function toOpenAICompletionRequest(
  request: CompletionGenerationRequest,
  upstreamModel: string,
  profile: UpstreamProfile,
): OpenAICompletionRequest {
  // The legacy completions API only knows max_tokens.
  const sampling = toOpenAISamplingParams(request.sampling, {
    ...profile,
    maxTokensParam: 'max_tokens',
  })
  const params: OpenAICompletionRequest = {
    model: upstreamModel,
    prompt: request.prompt,
    stream: true,
    ...sampling,
  }
  if (request.suffix) params.suffix = request.suffix
  if (profile.streamUsage) params.stream_options = { include_usage: true }
  return params
}
