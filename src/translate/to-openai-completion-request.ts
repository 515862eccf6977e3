import type { CompletionCreateParamsStreaming } from 'openai/resources/completions'
import { OllamaError } from '../errors/ollama-error.ts'
import type { GenerateRequest } from '../ollama/schemas.ts'
import type { UpstreamProfile } from '../upstream/upstream-profile.ts'
import { type OpenAISamplingParams, toOpenAISamplingParams } from './to-openai-sampling-params.ts'

export type OpenAICompletionRequest = CompletionCreateParamsStreaming & OpenAISamplingParams

/** Whether a generate request goes to the upstream /completions endpoint rather than chat. */
export function needsCompletionEndpoint(request: GenerateRequest): boolean {
  return request.raw === true || (request.suffix ?? '') !== ''
}

/**
 * A raw or fill-in-the-middle generate request (`raw`, `suffix`) as a streaming OpenAI completion
 * request: the prompt goes verbatim, the suffix as `suffix`.
 */
export function toOpenAICompletionRequest(
  request: GenerateRequest,
  upstreamModel: string,
  profile: UpstreamProfile,
): OpenAICompletionRequest {
  if (request.raw && (request.template || request.system || request.context?.length)) {
    throw OllamaError.badRequest('raw mode does not support template, system, or context')
  }
  if (request.images?.length) {
    throw OllamaError.badRequest('images are not supported with raw prompts or suffix')
  }
  // The legacy completions API only knows max_tokens.
  const sampling = toOpenAISamplingParams(request.options, {
    ...profile,
    maxTokensParam: 'max_tokens',
  })
  const params: OpenAICompletionRequest = {
    model: upstreamModel,
    prompt: request.prompt ?? '',
    stream: true,
    ...sampling,
  }
  if (request.suffix) params.suffix = request.suffix
  if (profile.streamUsage) params.stream_options = { include_usage: true }
  return params
}
