/** Waits `ms` (with `sleep`), unless `signal` aborts first: then its reason is thrown. */
export async function pause(
  ms: number,
  signal: AbortSignal,
  sleep: (ms: number) => Promise<void> = (wait) => Bun.sleep(wait),
): Promise<void> {
  signal.throwIfAborted()
  const { promise: aborted, reject } = Promise.withResolvers<never>()
  const onAbort = () => reject(signal.reason)
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    await Promise.race([sleep(ms), aborted])
    signal.throwIfAborted()
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}
