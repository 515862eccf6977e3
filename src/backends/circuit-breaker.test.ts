import { describe, expect, test } from 'bun:test'
import { CircuitBreaker } from './circuit-breaker.ts'

function breakerWith(failures: number, cooldownMs = 10_000) {
  const clock = { now: 0 }
  const breaker = new CircuitBreaker({ failures, cooldownMs }, () => clock.now)
  return { breaker, clock }
}

describe('CircuitBreaker', () => {
  test('stays closed below the threshold, and a success resets the count', () => {
    const { breaker } = breakerWith(3)
    expect(breaker.failed('m')).toBe(false)
    expect(breaker.failed('m')).toBe(false)
    expect(breaker.succeeded()).toBe(false)
    expect(breaker.failed('m')).toBe(false)
    expect(breaker.failed('m')).toBe(false)
    expect(breaker.state()).toBe('closed')
    expect(breaker.acquire('m')).toBeUndefined()
  })

  test('opens after the threshold, passes requests over for the cool-down, then lets one probe', () => {
    const { breaker, clock } = breakerWith(2, 10_000)
    breaker.failed('m')
    expect(breaker.failed('m')).toBe(true)
    expect(breaker.state()).toBe('open')
    expect(breaker.acquire('other-model')).toEqual({ reason: 'circuit_open', waitMs: 10_000 })
    clock.now = 9_999
    expect(breaker.acquire('m')).toEqual({ reason: 'circuit_open', waitMs: 1 })
    clock.now = 10_000
    expect(breaker.state()).toBe('half_open')
    expect(breaker.acquire('m')).toBeUndefined()
    // One probe at a time.
    expect(breaker.acquire('m')).toEqual({ reason: 'circuit_open', waitMs: 0 })
    expect(breaker.succeeded()).toBe(true)
    expect(breaker.state()).toBe('closed')
    expect(breaker.acquire('m')).toBeUndefined()
  })

  test('a failed probe opens the circuit again for a whole cool-down', () => {
    const { breaker, clock } = breakerWith(2, 1_000)
    breaker.failed('m')
    breaker.failed('m')
    clock.now = 1_000
    expect(breaker.acquire('m')).toBeUndefined()
    expect(breaker.failed('m')).toBe(true)
    expect(breaker.state()).toBe('open')
    expect(breaker.acquire('m')).toEqual({ reason: 'circuit_open', waitMs: 1_000 })
  })

  test('a released probe (the client went away) lets the next request probe', () => {
    const { breaker, clock } = breakerWith(1, 1_000)
    breaker.failed('m')
    clock.now = 1_000
    expect(breaker.acquire('m')).toBeUndefined()
    breaker.released()
    expect(breaker.acquire('m')).toBeUndefined()
  })

  test('Retry-After holds that model only, without opening the circuit', () => {
    const { breaker, clock } = breakerWith(5)
    expect(breaker.failed('m', 30_000)).toBe(false)
    expect(breaker.acquire('m')).toEqual({ reason: 'retry_after', waitMs: 30_000 })
    expect(breaker.acquire('other')).toBeUndefined()
    expect(breaker.state()).toBe('closed')
    clock.now = 30_000
    expect(breaker.acquire('m')).toBeUndefined()
  })

  test('never opens with a threshold of 0', () => {
    const { breaker } = breakerWith(0)
    for (let failure = 0; failure < 100; failure++) expect(breaker.failed('m')).toBe(false)
    expect(breaker.state()).toBe('closed')
  })
})
