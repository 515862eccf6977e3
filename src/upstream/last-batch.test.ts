import { expect, test } from 'bun:test'
import { isLastBatch, markLastBatch } from './last-batch.ts'

test('a marked batch is the last; any other is not', () => {
  const batch = markLastBatch([{ a: 1 }])
  expect(isLastBatch(batch)).toBe(true)
  expect(isLastBatch([{ a: 1 }])).toBe(false)
  expect(isLastBatch([])).toBe(false)
})

test('the mark does not show: the batch still equals a plain array', () => {
  const batch = markLastBatch([{ a: 1 }, { a: 2 }])
  expect(batch).toEqual([{ a: 1 }, { a: 2 }])
  expect(Object.keys(batch)).toEqual(['0', '1'])
  expect(JSON.stringify(batch)).toBe('[{"a":1},{"a":2}]')
  expect([...batch]).toEqual([{ a: 1 }, { a: 2 }])
})
