import type { GenerationBatch, GenerationDelta, GenerationEnd } from './generation-event.ts'

/** Writes one surface's stream: its opening (if it has one), each piece of output, and the end. */
export interface StreamEncoder {
  /** The opening events, sent as soon as the stream starts (once; later calls return ''). */
  start?(): string
  delta(delta: GenerationDelta): string
  end(end: GenerationEnd): string
}

/**
 * The text of a surface's stream: its opening first, then one piece per batch of upstream output
 * (one network read); the end's text goes out together with the last output when they came
 * together. Ending it early (`return`, as a response cancelled before it started does) ends the
 * generation too, so that it always reaches its end, whenever the client leaves.
 */
export function encodeStream(
  batches: AsyncIterable<GenerationBatch>,
  encoder: StreamEncoder,
): AsyncIterableIterator<string> {
  const source = batches[Symbol.asyncIterator]()
  let opened = false
  return {
    [Symbol.asyncIterator]() {
      return this
    },
    async next() {
      if (!opened) {
        opened = true
        const opening = encoder.start?.() ?? ''
        if (opening !== '') return { done: false, value: opening }
      }
      for (let step = await source.next(); !step.done; step = await source.next()) {
        let text = ''
        for (const delta of step.value.deltas) text += encoder.delta(delta)
        if (step.value.end) text += encoder.end(step.value.end)
        if (text !== '') return { done: false, value: text }
      }
      return { done: true, value: undefined }
    },
    async return() {
      await source.return?.()
      return { done: true, value: undefined }
    },
  }
}
