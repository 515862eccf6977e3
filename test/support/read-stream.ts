import type {
  GenerationDelta,
  GenerationEnd,
  StreamReader,
} from '../../src/core/generation-event.ts'

/** An event as a test compares it: a delta or the end, tagged. */
export type ReadEvent = ({ type: 'delta' } & GenerationDelta) | ({ type: 'end' } & GenerationEnd)

/** Every event a stream reader makes of `chunks`: its deltas, what it held back, then its end. */
export async function* readStream<Chunk>(
  reader: StreamReader<Chunk>,
  chunks: AsyncIterable<Chunk>,
): AsyncGenerator<ReadEvent> {
  for await (const chunk of chunks) {
    const delta = reader.read(chunk)
    if (delta) yield { type: 'delta', ...delta }
  }
  const { last, end } = reader.finish()
  if (last) yield { type: 'delta', ...last }
  yield { type: 'end', ...end }
}
