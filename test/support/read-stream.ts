import type { GenerationEvent, StreamReader } from '../../src/translate/generation-event.ts'

/** Every event a stream reader makes of `chunks`: its deltas, then its end. */
export async function* readStream<Chunk>(
  reader: StreamReader<Chunk>,
  chunks: AsyncIterable<Chunk>,
): AsyncGenerator<GenerationEvent> {
  for await (const chunk of chunks) {
    const delta = reader.read(chunk)
    if (delta) yield delta
  }
  yield reader.finish()
}
