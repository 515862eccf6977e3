/** Exponential backoff with jitter before retry number `attempt` (0-based): about 0.5 s, 1 s, 2 s… up to 8 s. */
export function backoffMs(attempt: number): number {
  return Math.min(8000, 500 * 2 ** attempt) * (0.75 + Math.random() / 2)
}
