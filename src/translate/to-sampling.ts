import type { Sampling } from '../core/generation-request.ts'
import type { Options } from '../ollama/schemas.ts'

/**
 * Ollama `options` as sampling controls. Ollama's "no limit" and "random" values (num_predict ≤ 0,
 * a negative seed, top_k ≤ 0) mean absent; integers are truncated; options with no backend meaning
 * (num_ctx, num_gpu, …) are dropped.
 */
export function toSampling(options: Options | undefined): Sampling {
  if (!options) return {}
  const sampling: Sampling = {}
  const set = <K extends keyof Sampling>(key: K, value: Sampling[K] | undefined) => {
    if (value !== undefined) sampling[key] = value
  }
  set('temperature', options.temperature)
  set('topP', options.top_p)
  set('presencePenalty', options.presence_penalty)
  set('frequencyPenalty', options.frequency_penalty)
  set('minP', options.min_p)
  set('typicalP', options.typical_p)
  set('repeatPenalty', options.repeat_penalty)
  set('repeatLastN', whole(options.repeat_last_n))
  if (options.seed !== undefined && options.seed >= 0) sampling.seed = Math.trunc(options.seed)
  if (options.num_predict !== undefined && options.num_predict > 0) {
    sampling.maxTokens = Math.trunc(options.num_predict)
  }
  if (options.top_k !== undefined && options.top_k > 0) sampling.topK = Math.trunc(options.top_k)
  const stop = toStopList(options.stop)
  if (stop.length > 0) sampling.stop = stop
  return sampling
}

const whole = (value: number | undefined) => (value === undefined ? undefined : Math.trunc(value))

function toStopList(stop: Options['stop']): string[] {
  const stops = typeof stop === 'string' ? [stop] : (stop ?? [])
  return stops.filter((sequence) => sequence !== '')
}
