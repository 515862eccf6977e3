import type { TokenLogprob } from '../ollama/schemas.ts'
import type { StreamReader } from '../translate/generation-event.ts'
import type { OllamaChunkFormatter, OllamaLineFormatter } from '../translate/ollama-chunk-part.ts'
import { type GenerationTimings, toOllamaMetrics } from '../translate/to-ollama-metrics.ts'
import { isLastBatch } from '../upstream/last-batch.ts'

/** When a generation started (monotonic ns), and the clock that tells how long it took. */
export interface GenerationClock {
  receivedAt: number
  upstreamStartedAt: number
  now: () => number
}

/**
 * The NDJSON text of an Ollama stream, read from batches of upstream chunks: one line per chunk
 * that adds output, the lines of one batch (one network read) together; at the end, the assembled
 * tool calls in a line of their own, then the `done: true` line with done_reason and metrics. When
 * the upstream's end came in the same read as the last batch (`isLastBatch`), those last lines go
 * out with the batch's: one write. `line` writes a chunk's line; by default, as `format` shapes it.
 */
export async function* streamOllamaLines<Chunk, T>(
  batches: AsyncIterable<readonly Chunk[]>,
  reader: StreamReader<Chunk>,
  format: OllamaChunkFormatter<T>,
  clock: GenerationClock,
  line: OllamaLineFormatter = (part) => JSON.stringify(format(part)),
): AsyncGenerator<string> {
  let firstTokenAt: number | undefined
  const endLines = () => {
    const end = reader.finish()
    const timings = timingsUntilNow(clock, firstTokenAt)
    const toolCalls =
      end.toolCalls.length > 0
        ? `${JSON.stringify(format({ content: '', toolCalls: end.toolCalls }))}\n`
        : ''
    const done = { doneReason: end.doneReason, metrics: toOllamaMetrics(timings, end.usage) }
    return `${toolCalls}${JSON.stringify(format({ content: '' }, done))}\n`
  }
  for await (const batch of batches) {
    let lines = ''
    for (const chunk of batch) {
      const delta = reader.read(chunk)
      if (delta === undefined) continue
      firstTokenAt ??= clock.now()
      lines += `${line(delta)}\n`
    }
    if (isLastBatch(batch)) {
      let end: string
      try {
        end = endLines()
      } catch (error) {
        if (lines !== '') yield lines
        throw error
      }
      yield lines + end
      return
    }
    if (lines !== '') yield lines
  }
  yield endLines()
}

/**
 * The single Ollama answer for a non-streamed request, assembled as Ollama does: content and
 * thinking concatenated, tool calls and log probabilities joined, the end's metadata.
 */
export async function collectOllamaAnswer<Chunk, T>(
  batches: AsyncIterable<readonly Chunk[]>,
  reader: StreamReader<Chunk>,
  format: OllamaChunkFormatter<T>,
  clock: GenerationClock,
): Promise<T> {
  let content = ''
  let thinking = ''
  const logprobs: TokenLogprob[] = []
  let firstTokenAt: number | undefined
  for await (const batch of batches) {
    for (const chunk of batch) {
      const delta = reader.read(chunk)
      if (delta === undefined) continue
      firstTokenAt ??= clock.now()
      content += delta.content
      thinking += delta.thinking
      if (delta.logprobs) logprobs.push(...delta.logprobs)
    }
  }
  const end = reader.finish()
  const timings = timingsUntilNow(clock, firstTokenAt)
  return format(
    { content, thinking, toolCalls: end.toolCalls, logprobs },
    { doneReason: end.doneReason, metrics: toOllamaMetrics(timings, end.usage) },
  )
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
