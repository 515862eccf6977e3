/** A header lookup: `Headers#get`, or a function over a plain record. */
export type HeaderLookup = (name: string) => string | null | undefined

/**
 * How long an answer asks to wait before the next attempt, in ms (0 or more): `retry-after-ms`
 * (OpenAI's), else `Retry-After` in seconds or as an HTTP date (from `nowEpochMs`). Undefined
 * without a usable header.
 */
export function parseRetryAfter(header: HeaderLookup, nowEpochMs: number): number | undefined {
  const milliseconds = Number(header('retry-after-ms') ?? Number.NaN)
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds
  const value = header('retry-after')?.trim()
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowEpochMs)
}
