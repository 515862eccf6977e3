/**
 * Lets pending promise callbacks run until `done` holds, or a thousand turns have passed (for
 * tests with fake timers, which stop Bun.sleep; the test then checks what it expects).
 */
export async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1_000 && !done(); turn++) await Promise.resolve()
}
