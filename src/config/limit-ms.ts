/** A time limit in seconds as milliseconds; 0 is no limit (Infinity). */
export function limitMs(seconds: number): number {
  return seconds === 0 ? Number.POSITIVE_INFINITY : seconds * 1000
}
