import type { GenerationBatch, GenerationDelta, GenerationEnd } from './generation-event.ts'

/** Writes one surface's stream: the text of each piece of output, and of the end. */
export interface StreamEncoder {
  delta(delta: GenerationDelta): string
  end(end: GenerationEnd): string
}

/**
 * The text of a surface's stream, one piece per batch of upstream output (one network read): the
 * end's text goes out together with the last output when they came together.
 */
export async function* encodeStream(
  batches: AsyncIterable<GenerationBatch>,
  encoder: StreamEncoder,
): AsyncGenerator<string> {
  for await (const batch of batches) {
    let text = ''
    for (const delta of batch.deltas) text += encoder.delta(delta)
    if (batch.end) text += encoder.end(batch.end)
    if (text !== '') yield text
  }
}
