import type { GenerationEvent } from '../translate/generation-event.ts'
import type { OllamaChunkFormatter } from '../translate/ollama-chunk-part.ts'
import { type GenerationTimings, toOllamaMetrics } from '../translate/to-ollama-metrics.ts'

/** When a generation started (monotonic ns), and the clock that tells how long it took. */
export interface GenerationClock {
  receivedAt: number
  upstreamStartedAt: number
  now: () => number
}

/**
 * Ollama chunks for a stream of generation events: one chunk per delta; at the end, the assembled
 * tool calls in a chunk of their own, then the `done: true` chunk with done_reason and metrics.
 */
export async function* streamOllamaChunks<T>(
  events: AsyncIterable<GenerationEvent>,
  format: OllamaChunkFormatter<T>,
  clock: GenerationClock,
): AsyncGenerator<T> {
  let firstTokenAt: number | undefined
  for await (const event of events) {
    if (event.type === 'delta') {
      firstTokenAt ??= clock.now()
      yield format(event)
      continue
    }
    if (event.toolCalls.length > 0) yield format({ content: '', toolCalls: event.toolCalls })
    const timings = timingsUntilNow(clock, firstTokenAt)
    yield format(
      { content: '' },
      { doneReason: event.doneReason, metrics: toOllamaMetrics(timings, event.usage) },
    )
  }
}

/**
 * The single Ollama answer for a non-streamed request, assembled as Ollama does: content and
 * thinking concatenated, tool calls and log probabilities joined, the end's metadata.
 */
export async function collectOllamaAnswer<T>(
  events: AsyncIterable<GenerationEvent>,
  format: OllamaChunkFormatter<T>,
  clock: GenerationClock,
): Promise<T> {
  let content = ''
  let thinking = ''
  const logprobs = []
  let firstTokenAt: number | undefined
  for await (const event of events) {
    if (event.type === 'delta') {
      firstTokenAt ??= clock.now()
      content += event.content
      thinking += event.thinking
      if (event.logprobs) logprobs.push(...event.logprobs)
      continue
    }
    const timings = timingsUntilNow(clock, firstTokenAt)
    return format(
      { content, thinking, toolCalls: event.toolCalls, logprobs },
      { doneReason: event.doneReason, metrics: toOllamaMetrics(timings, event.usage) },
    )
  }
  throw new Error('generation events ended without an end event')
}

function timingsUntilNow(
  clock: GenerationClock,
  firstTokenAt: number | undefined,
): GenerationTimings {
  return {
    receivedAt: clock.receivedAt,
    upstreamStartedAt: clock.upstreamStartedAt,
    firstTokenAt,
    finishedAt: clock.now(),
  }
}
