/** Waits until `condition` holds, or `timeoutMs` has passed (the caller then checks it). */
export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!condition() && performance.now() < deadline) await Bun.sleep(2)
}
