const last = Symbol('last batch')

/**
 * Marks a batch of upstream events as the stream's last (its end — `[DONE]`, or the end of the
 * body — came in the same network read), so that what a consumer writes after the stream, such as
 * Ollama's `done: true` line, can go out together with the batch's own lines: one write instead
 * of two. The mark is not enumerable: the batch stays an ordinary array to everything else.
 */
export function markLastBatch<T>(batch: T[]): T[] {
  Object.defineProperty(batch, last, { value: true })
  return batch
}

/** Whether the stream ends after `batch` (see `markLastBatch`); false when unknown. */
export function isLastBatch(batch: readonly unknown[]): boolean {
  return (batch as { [last]?: boolean })[last] === true
}
