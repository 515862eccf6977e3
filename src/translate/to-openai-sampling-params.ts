import type { Sampling } from '../core/generation-request.ts'
import type { UpstreamProfile } from '../upstream/upstream-profile.ts'

/** Sampling parameters in OpenAI terms, plus the non-standard ones some backends accept. */
export interface OpenAISamplingParams {
  temperature?: number
  top_p?: number
  presence_penalty?: number
  frequency_penalty?: number
  seed?: number
  stop?: string[]
  max_tokens?: number
  max_completion_tokens?: number
  top_k?: number
  min_p?: number
  typical_p?: number
  repetition_penalty?: number
  repeat_penalty?: number
  repeat_last_n?: number
}

/** OpenAI allows at most four stop sequences. */
const maxStrictStops = 4

/**
 * Sampling controls as a backend's request parameters: standard ones always (the token limit under
 * the backend's parameter name), non-standard ones (top_k, min_p, repetition penalties) only for
 * dialects that accept them.
 */
export function toOpenAISamplingParams(
  sampling: Sampling,
  profile: UpstreamProfile,
): OpenAISamplingParams {
  const params: OpenAISamplingParams = {
    temperature: sampling.temperature,
    top_p: sampling.topP,
    presence_penalty: sampling.presencePenalty,
    frequency_penalty: sampling.frequencyPenalty,
    seed: sampling.seed,
  }
  if (sampling.maxTokens !== undefined) params[profile.maxTokensParam] = sampling.maxTokens
  if (sampling.stop?.length) {
    params.stop =
      profile.dialect === 'openai' ? sampling.stop.slice(0, maxStrictStops) : sampling.stop
  }
  Object.assign(params, extraParams(sampling, profile))
  return dropUndefined(params)
}

function extraParams(sampling: Sampling, profile: UpstreamProfile): OpenAISamplingParams {
  switch (profile.dialect) {
    case 'openai':
      return {}
    case 'openrouter':
    case 'vllm':
      return {
        top_k: sampling.topK,
        min_p: sampling.minP,
        repetition_penalty: sampling.repeatPenalty,
      }
    case 'llamacpp':
      return {
        top_k: sampling.topK,
        min_p: sampling.minP,
        typical_p: sampling.typicalP,
        repeat_penalty: sampling.repeatPenalty,
        repeat_last_n: sampling.repeatLastN,
      }
  }
}

function dropUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key]
  }
  return value
}
