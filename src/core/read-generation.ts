import type { EventBatch } from '../upstream/read-server-sent-events.ts'
import type { GenerationBatch, GenerationDelta, StreamReader } from './generation-event.ts'

/**
 * The generation batches of an upstream event stream, read by `reader`: one batch per network read
 * that added output, and a last batch carrying the end. When the stream cannot end well (cut short,
 * invalid tool arguments), the output read so far is passed on before the error is thrown.
 * `onOutput` is told once, when the first output arrives.
 */
export async function* readGeneration<Chunk>(
  events: AsyncIterable<EventBatch>,
  reader: StreamReader<Chunk>,
  onOutput: () => void,
): AsyncGenerator<GenerationBatch> {
  let seenOutput = false
  for await (const batch of events) {
    const deltas: GenerationDelta[] = []
    for (const event of batch.events) {
      const delta = reader.read(event as Chunk)
      if (delta !== undefined) deltas.push(delta)
    }
    if (!seenOutput && deltas.length > 0) {
      seenOutput = true
      onOutput()
    }
    if (batch.last) return yield* finished(deltas, reader)
    if (deltas.length > 0) yield { deltas }
  }
  yield* finished([], reader)
}

function* finished<Chunk>(
  deltas: GenerationDelta[],
  reader: StreamReader<Chunk>,
): Generator<GenerationBatch> {
  let finish: ReturnType<StreamReader<Chunk>['finish']>
  try {
    finish = reader.finish()
  } catch (error) {
    if (deltas.length > 0) yield { deltas }
    throw error
  }
  if (finish.last) deltas.push(finish.last)
  yield { deltas, end: finish.end }
}
