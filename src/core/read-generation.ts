import type { EventBatch } from '../upstream/read-server-sent-events.ts'
import type {
  GenerationBatch,
  GenerationDelta,
  GenerationEnd,
  StreamReader,
} from './generation-event.ts'

/** Told of a generation's first output and of how it ended; once each, never per chunk. */
export interface GenerationObserver {
  output(): void
  /**
   * The stream is over: with its end when it got that far (the end may have been read and the
   * stream then left), with the error when it failed, with neither when it was abandoned.
   */
  ended(end: GenerationEnd | undefined, error: unknown): void
}

/**
 * The generation batches of an upstream event stream, read by `reader`: one batch per network read
 * that added output, and a last batch carrying the end. When the stream cannot end well (cut short,
 * invalid tool arguments), the output read so far is passed on before the error is thrown.
 */
export async function* readGeneration<Chunk>(
  events: AsyncIterable<EventBatch>,
  reader: StreamReader<Chunk>,
  observer: GenerationObserver,
): AsyncGenerator<GenerationBatch> {
  let seenOutput = false
  let end: GenerationEnd | undefined
  let failure: unknown
  try {
    let deltas: GenerationDelta[] = []
    for await (const batch of events) {
      readInto(deltas, batch, reader)
      if (!seenOutput && deltas.length > 0) {
        seenOutput = true
        observer.output()
      }
      if (batch.last) break
      if (deltas.length > 0) {
        yield { deltas }
        deltas = []
      }
    }
    let finish: ReturnType<StreamReader<Chunk>['finish']>
    try {
      finish = reader.finish()
    } catch (error) {
      if (deltas.length > 0) yield { deltas }
      throw error
    }
    if (finish.last) deltas.push(finish.last)
    if (!seenOutput && deltas.length > 0) observer.output()
    end = finish.end
    yield { deltas, end }
  } catch (error) {
    failure = error
    throw error
  } finally {
    observer.ended(end, failure)
  }
}

/** The deltas `reader` makes of a batch's events, added to `deltas`. */
function readInto<Chunk>(
  deltas: GenerationDelta[],
  batch: EventBatch,
  reader: StreamReader<Chunk>,
): void {
  for (const event of batch.events) {
    const delta = reader.read(event as Chunk)
    if (delta !== undefined) deltas.push(delta)
  }
}
