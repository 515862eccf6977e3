import { describe, expect, test } from 'bun:test'
import { thrown } from '../../test/support/thrown.ts'
import { parseKeepAlive } from './parse-keep-alive.ts'

describe('parseKeepAlive', () => {
  test.each([
    [300, 300_000],
    [0, 0],
    [1.5, 1500],
    [-1, Number.POSITIVE_INFINITY],
    [-0.5, Number.POSITIVE_INFINITY],
  ])('reads the number %p as seconds: %p ms', (keepAlive, milliseconds) => {
    expect(parseKeepAlive(keepAlive)).toBe(milliseconds)
  })

  test.each([
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1h', 3_600_000],
    ['90s', 90_000],
    ['1m30s', 90_000],
    ['1.5h', 5_400_000],
    ['500ms', 500],
    ['2000us', 2],
    ['2000µs', 2],
    ['3000000ns', 3],
    ['1h0m0s', 3_600_000],
    ['0s', 0],
    ['0', 0],
    ['300', 300_000],
    ['2.5', 2500],
    [' 5m ', 300_000],
  ])('reads the duration %p as %p ms', (keepAlive, milliseconds) => {
    expect(parseKeepAlive(keepAlive)).toBe(milliseconds)
  })

  test.each(['-1', '-5m', '-1h30m', '-0.5', '-1ms', '-1ns'])(
    'reads the negative duration %p as forever',
    (keepAlive) => {
      expect(parseKeepAlive(keepAlive)).toBe(Number.POSITIVE_INFINITY)
    },
  )

  test.each([
    ['abc', 'time: invalid duration "abc"'],
    ['', 'time: invalid duration ""'],
    ['   ', 'time: invalid duration ""'],
    ['5x', 'time: invalid duration "5x"'],
    ['m5', 'time: invalid duration "m5"'],
    ['5 m', 'time: invalid duration "5 m"'],
    ['--5m', 'time: invalid duration "--5m"'],
    ['5m-', 'time: invalid duration "5m-"'],
    ['1d', 'time: invalid duration "1d"'],
    [' abc ', 'time: invalid duration "abc"'],
  ])("refuses %p with a 400 in Go's words", (keepAlive, message) => {
    const error = thrown(() => parseKeepAlive(keepAlive))
    expect({ status: error.status, message: error.message }).toEqual({ status: 400, message })
  })
})
