/**
 * A streamed reply: NDJSON text, one or more complete lines per piece. Services return it where
 * Ollama streams; the HTTP layer writes each piece as soon as it comes.
 */
export class NdjsonStream {
  readonly text: AsyncIterable<string>

  constructor(text: AsyncIterable<string>) {
    this.text = text
  }

  /** A stream of the given objects, one line each. */
  static of(items: readonly object[]): NdjsonStream {
    return new NdjsonStream(
      (async function* () {
        for (const item of items) yield `${JSON.stringify(item)}\n`
      })(),
    )
  }
}

/** A generation reply: one JSON object, or a stream. */
export type Reply<T> = T | NdjsonStream
