import { describe, expect, test } from 'bun:test'
import { normalizeEmbedding } from './normalize-embedding.ts'

function expectClose(actual: number[], expected: number[]) {
  expect(actual).toHaveLength(expected.length)
  expected.forEach((value, index) => {
    expect(actual[index]).toBeCloseTo(value, 12)
  })
}

const norm = (vector: number[]) => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0))

describe('normalizeEmbedding', () => {
  test('scales a vector to unit length', () => {
    expectClose(normalizeEmbedding([3, 4]), [0.6, 0.8])
    expect(normalizeEmbedding([0, 5])).toEqual([0, 1])
    expect(normalizeEmbedding([-2, 0, 0])).toEqual([-1, 0, 0])
  })

  test('leaves a vector that is already unit length as it is', () => {
    expect(normalizeEmbedding([1, 0, 0])).toEqual([1, 0, 0])
  })

  test('keeps a zero vector zero, as a copy', () => {
    const zero = [0, 0, 0]
    const result = normalizeEmbedding(zero)
    expect(result).toEqual([0, 0, 0])
    expect(result).not.toBe(zero)
  })

  test('cuts to `dimensions`, then re-normalizes (as Ollama does)', () => {
    const result = normalizeEmbedding([3, 4, 12], 2)
    expectClose(result, [0.6, 0.8])
    expect(norm(result)).toBeCloseTo(1, 12)
  })

  test.each([3, 4, 100])(
    'keeps every value when dimensions is %p (not fewer than the length)',
    (dimensions) => {
      expectClose(normalizeEmbedding([3, 4, 12], dimensions), [3 / 13, 4 / 13, 12 / 13])
    },
  )

  test('does not change the input vector', () => {
    const vector = [3, 4, 12]
    normalizeEmbedding(vector, 2)
    expect(vector).toEqual([3, 4, 12])
  })

  test('returns an empty vector for an empty one', () => {
    expect(normalizeEmbedding([])).toEqual([])
  })
})
