import { expect, test } from 'bun:test'
import { limitMs } from './limit-ms.ts'

test('a limit in seconds is milliseconds, 0 meaning none', () => {
  expect([limitMs(2.5), limitMs(600), limitMs(0)]).toEqual([
    2500,
    600_000,
    Number.POSITIVE_INFINITY,
  ])
})
