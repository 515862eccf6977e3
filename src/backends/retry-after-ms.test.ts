import { describe, expect, test } from 'bun:test'
import { APIError } from 'openai'
import { OllamaError } from '../errors/ollama-error.ts'
import { retryAfterMs } from './retry-after-ms.ts'

const now = Date.parse('2026-01-01T00:00:00Z')
const with429 = (value: string) =>
  new OllamaError(429, 'slow down', { headers: { 'retry-after': value } })

describe('retryAfterMs', () => {
  test('reads seconds', () => {
    expect(retryAfterMs(with429('20'), now)).toBe(20_000)
    expect(retryAfterMs(with429('0.5'), now)).toBe(500)
  })

  test('reads an HTTP date', () => {
    expect(retryAfterMs(with429('Thu, 01 Jan 2026 00:00:30 GMT'), now)).toBe(30_000)
  })

  test('reads the header of the upstream answer behind a mapped error (503)', () => {
    const cause = new APIError(503, {}, 'busy', new Headers({ 'retry-after': '7' }))
    expect(retryAfterMs(new OllamaError(502, 'upstream error', { cause }), now)).toBe(7_000)
  })

  test.each(['', 'soon', '0', '-3', 'Wed, 31 Dec 2025 23:59:00 GMT'])('ignores %p', (value) => {
    expect(retryAfterMs(with429(value), now)).toBeUndefined()
  })

  test('is undefined without the header', () => {
    expect(retryAfterMs(new OllamaError(502, 'x'), now)).toBeUndefined()
  })
})
