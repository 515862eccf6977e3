import { describe, expect, test } from 'bun:test'
import { parseRetryAfter } from './parse-retry-after.ts'

const now = Date.parse('2026-01-01T00:00:00Z')
const lookup = (headers: Record<string, string>) => (name: string) => headers[name]

describe('parseRetryAfter', () => {
  test.each([
    [{ 'retry-after-ms': '1500' }, 1500],
    [{ 'retry-after-ms': '0' }, 0],
    [{ 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    [{ 'retry-after-ms': 'soon', 'retry-after': '2' }, 2000],
    [{ 'retry-after': '3' }, 3000],
    [{ 'retry-after': ' 0.5 ' }, 500],
    [{ 'retry-after': '0' }, 0],
    [{ 'retry-after': '-1' }, undefined],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }, 30_000],
    [{ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, 0],
    [{ 'retry-after': 'whenever' }, undefined],
    [{ 'retry-after': '' }, undefined],
    [{}, undefined],
  ])('%p → %p ms', (headers, expected) => {
    expect(parseRetryAfter(lookup(headers), now)).toBe(expected)
  })

  test('reads Headers', () => {
    const headers = new Headers({ 'Retry-After': '7' })
    expect(parseRetryAfter((name) => headers.get(name), now)).toBe(7000)
  })
})
