import type { Options } from '../ollama/schemas.ts'
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
 * Ollama `options` as OpenAI request parameters. Standard parameters always map; Ollama-only ones
 * (top_k, min_p, repeat_penalty, …) reach only backends whose dialect accepts them, and options with
 * no backend meaning (num_ctx, num_gpu, …) are dropped.
 */
export function toOpenAISamplingParams(
  options: Options | undefined,
  profile: UpstreamProfile,
): OpenAISamplingParams {
  if (!options) return {}
  const params: OpenAISamplingParams = {
    temperature: options.temperature,
    top_p: options.top_p,
    presence_penalty: options.presence_penalty,
    frequency_penalty: options.frequency_penalty,
  }
  if (options.seed !== undefined && options.seed >= 0) params.seed = Math.trunc(options.seed)
  if (options.num_predict !== undefined && options.num_predict > 0) {
    params[profile.maxTokensParam] = Math.trunc(options.num_predict)
  }
  const stop = toStopList(options.stop)
  if (stop.length > 0) {
    params.stop = profile.dialect === 'openai' ? stop.slice(0, maxStrictStops) : stop
  }
  Object.assign(params, extraParams(options, profile))
  return dropUndefined(params)
}

function toStopList(stop: Options['stop']): string[] {
  const stops = typeof stop === 'string' ? [stop] : (stop ?? [])
  return stops.filter((sequence) => sequence !== '')
}

function extraParams(options: Options, profile: UpstreamProfile): OpenAISamplingParams {
  const topK =
    options.top_k !== undefined && options.top_k > 0 ? Math.trunc(options.top_k) : undefined
  switch (profile.dialect) {
    case 'openai':
      return {}
    case 'openrouter':
    case 'vllm':
      return { top_k: topK, min_p: options.min_p, repetition_penalty: options.repeat_penalty }
    case 'llamacpp':
      return {
        top_k: topK,
        min_p: options.min_p,
        typical_p: options.typical_p,
        repeat_penalty: options.repeat_penalty,
        repeat_last_n:
          options.repeat_last_n === undefined ? undefined : Math.trunc(options.repeat_last_n),
      }
  }
}

function dropUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key]
  }
  return value
}
