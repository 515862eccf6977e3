import type { UpstreamModel } from '../upstream/upstream.ts'

/** A model's context length as its backend states it (OpenRouter, vLLM), else `fallback`. */
export function modelContextLength(model: UpstreamModel, fallback: number): number {
  return model.context_length ?? model.max_model_len ?? fallback
}
