let cachedAt = Number.NaN
let cachedText = ''

/**
 * The current time as RFC 3339 (`2025-07-07T20:22:19.100Z`), formatted once per millisecond:
 * every chunk of a stream carries it, and many chunks share a millisecond.
 */
export function isoTimestamp(now: number = Date.now()): string {
  if (now !== cachedAt) {
    cachedAt = now
    cachedText = new Date(now).toISOString()
  }
  return cachedText
}
