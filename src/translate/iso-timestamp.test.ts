import { expect, test } from 'bun:test'
import { isoTimestamp } from './iso-timestamp.ts'

test('formats the given millisecond as RFC 3339 in UTC', () => {
  expect(isoTimestamp(Date.UTC(2025, 6, 7, 20, 22, 19, 100))).toBe('2025-07-07T20:22:19.100Z')
  expect(isoTimestamp(0)).toBe('1970-01-01T00:00:00.000Z')
})

test('formats the current time by default', () => {
  const before = Date.now()
  const stamp = Date.parse(isoTimestamp())
  expect(stamp).toBeGreaterThanOrEqual(before)
  expect(stamp).toBeLessThanOrEqual(Date.now())
})
