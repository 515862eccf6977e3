import { describe, expect, test } from 'bun:test'
import { exceedsJsonDepth } from './exceeds-json-depth.ts'

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`

describe('exceedsJsonDepth', () => {
  test('allows nesting up to the limit, and not one level more', () => {
    expect(exceedsJsonDepth(nested(3), 3)).toBe(false)
    expect(exceedsJsonDepth(nested(4), 3)).toBe(true)
    expect(exceedsJsonDepth('{"a":{"b":[1,{"c":2}]}}', 4)).toBe(false)
    expect(exceedsJsonDepth('{"a":{"b":[1,{"c":2}]}}', 3)).toBe(true)
  })

  test('counts depth, not how many brackets come one after another', () => {
    expect(exceedsJsonDepth('[[1],[2],[3],{"a":[4]},[5]]', 3)).toBe(false)
    expect(exceedsJsonDepth('[[1],[2],[3],{"a":[4]},[5]]', 2)).toBe(true)
  })

  test('skips brackets inside strings', () => {
    expect(exceedsJsonDepth(`{"a":"${'['.repeat(100)}"}`, 1)).toBe(false)
    expect(exceedsJsonDepth(`["{{{{", "]]]]", "[[[["]`, 1)).toBe(false)
  })

  test('knows escaped quotes from closing ones', () => {
    expect(exceedsJsonDepth(String.raw`["a\"[[[[", 1]`, 1)).toBe(false)
    expect(exceedsJsonDepth(String.raw`["a\\", [[1]]]`, 2)).toBe(true)
    expect(exceedsJsonDepth(String.raw`["a\\\"[[", 1]`, 1)).toBe(false)
    expect(exceedsJsonDepth(String.raw`["\\\\", [1]]`, 1)).toBe(true)
  })

  test('copes with an unterminated string and stray closing brackets', () => {
    expect(exceedsJsonDepth('["[[[[', 1)).toBe(false)
    expect(exceedsJsonDepth(']]]][[', 2)).toBe(false)
    expect(exceedsJsonDepth('', 1)).toBe(false)
  })

  test('stops at the first bracket past the limit of a 50,000-deep text', () => {
    const deep = `{"a":${'['.repeat(50_000)}1${']'.repeat(50_000)}}`
    expect(exceedsJsonDepth(deep, 128)).toBe(true)
  })
})
