import { describe, expect, test } from 'bun:test'
import { randomId } from './random-id.ts'

describe('randomId', () => {
  test('is the prefix and 24 lowercase hex characters', () => {
    expect(randomId('call_')).toMatch(/^call_[0-9a-f]{24}$/)
    expect(randomId('resp_')).toMatch(/^resp_[0-9a-f]{24}$/)
    expect(randomId('')).toMatch(/^[0-9a-f]{24}$/)
  })

  test('is different every time', () => {
    const ids = new Set(Array.from({ length: 1_000 }, () => randomId('msg_')))
    expect(ids.size).toBe(1_000)
  })
})
