import type { TokenUsage } from '../core/generation-event.ts'
import type { GenerationTimings } from '../core/generation-pipeline.ts'

export interface OllamaMetrics {
  total_duration: number
  load_duration: number
  prompt_eval_count?: number
  prompt_eval_duration: number
  eval_count?: number
  eval_duration: number
}

/**
 * Ollama's final-chunk metrics, in integer nanoseconds: load = before the upstream call, prompt
 * evaluation = upstream call to first token, evaluation = first to last token. Durations are at
 * least 1 so clients dividing by them (tokens/s) never divide by zero. Counts come from the
 * backend's usage, and are left out when it reported none.
 */
export function toOllamaMetrics(
  timings: GenerationTimings,
  finishedAt: number,
  usage?: TokenUsage,
): OllamaMetrics {
  const firstTokenAt = timings.firstOutputAt ?? finishedAt
  const span = (from: number, to: number) => Math.max(1, Math.round(to - from))
  const metrics: OllamaMetrics = {
    total_duration: span(timings.receivedAt, finishedAt),
    load_duration: span(timings.receivedAt, timings.upstreamStartedAt),
    prompt_eval_count: usage?.promptTokens,
    prompt_eval_duration: span(timings.upstreamStartedAt, firstTokenAt),
    eval_count: usage?.completionTokens,
    eval_duration: span(firstTokenAt, finishedAt),
  }
  if (usage === undefined) {
    delete metrics.prompt_eval_count
    delete metrics.eval_count
  }
  return metrics
}
