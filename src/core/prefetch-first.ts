/**
 * Waits for the first item of a stream before handing the stream over, so that a failure before
 * any output (an upstream error, a refused request) can still be answered with an HTTP error status
 * (or by another backend) instead of an in-stream error: Ollama behaves the same way. The wait is
 * bounded: after `waitMs` without a first item the stream is handed over still waiting, so that a
 * surface can start its response and keep the connection alive while a model thinks in silence.
 */
export async function prefetchFirst<T>(
  source: AsyncIterable<T>,
  waitMs = Number.POSITIVE_INFINITY,
): Promise<AsyncIterable<T>> {
  const iterator = source[Symbol.asyncIterator]()
  const first = iterator.next()
  if (Number.isFinite(waitMs)) {
    let timer: Timer | undefined
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs)
    })
    await Promise.race([first, waited]).finally(() => clearTimeout(timer))
    // Still pending: whoever reads the stream gets its outcome; until then it counts as handled.
    first.catch(() => {})
  } else {
    await first
  }
  return {
    [Symbol.asyncIterator]: () => {
      let pendingFirst: Promise<IteratorResult<T>> | undefined = first
      return {
        next: () => {
          const result = pendingFirst ?? iterator.next()
          pendingFirst = undefined
          return result
        },
        return: (value?: unknown) =>
          iterator.return?.(value) ?? Promise.resolve({ done: true as const, value: undefined }),
      }
    },
  }
}
