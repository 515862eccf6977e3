/**
 * Waits for the first item of a stream before handing the stream over, so that a failure before
 * any output (an upstream error, a refused request) can still be answered with an HTTP error status
 * instead of an in-stream error line: Ollama behaves the same way.
 */
export async function prefetchFirst<T>(source: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const iterator = source[Symbol.asyncIterator]()
  const first = await iterator.next()
  return {
    [Symbol.asyncIterator]: () => {
      let pendingFirst: IteratorResult<T> | undefined = first
      return {
        next: () => {
          const result = pendingFirst
          pendingFirst = undefined
          return result ? Promise.resolve(result) : iterator.next()
        },
        return: (value?: unknown) =>
          iterator.return?.(value) ?? Promise.resolve({ done: true as const, value: undefined }),
      }
    },
  }
}
