import type { TokenUsage } from './generation-event.ts'

/** Monotonic instants (nanoseconds) in the life of one generation request. */
export interface GenerationTimings {
  receivedAt: number
  upstreamStartedAt: number
  firstTokenAt?: number
  finishedAt: number
}

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
export function toOllamaMetrics(timings: GenerationTimings, usage?: TokenUsage): OllamaMetrics {
  const firstTokenAt = timings.firstTokenAt ?? timings.finishedAt
  const span = (from: number, to: number) => Math.max(1, Math.round(to - from))
  const metrics: OllamaMetrics = {
    total_duration: span(timings.receivedAt, timings.finishedAt),
    load_duration: span(timings.receivedAt, timings.upstreamStartedAt),
    prompt_eval_count: usage?.promptTokens,
    prompt_eval_duration: span(timings.upstreamStartedAt, firstTokenAt),
    eval_count: usage?.completionTokens,
    eval_duration: span(firstTokenAt, timings.finishedAt),
  }
  if (usage === undefined) {
    delete metrics.prompt_eval_count
    delete metrics.eval_count
  }
  return metrics
}
