import { describe, expect, test } from 'bun:test'
import { memoryPhase, parseBenchArgs, planPhases } from './run.ts'

describe('parseBenchArgs', () => {
  test('defaults for a full run and for a quick one', () => {
    expect(parseBenchArgs([])).toMatchObject({ quick: false, runs: 3, tokens: 200, delayMs: 20 })
    expect(parseBenchArgs(['--quick', '--out', '/tmp/x'])).toMatchObject({
      quick: true,
      runs: 1,
      tokens: 50,
      out: '/tmp/x',
    })
  })

  test('takes values and refuses what it does not know', () => {
    expect(parseBenchArgs(['--runs', '5', '--tokens', '100', '--only', 'a,b'])).toMatchObject({
      runs: 5,
      tokens: 100,
      only: ['a', 'b'],
    })
    expect(() => parseBenchArgs(['--runs'])).toThrow('--runs needs a value')
    expect(() => parseBenchArgs(['--runs', 'x'])).toThrow('whole number')
    expect(() => parseBenchArgs(['--fast'])).toThrow('unknown argument --fast')
  })
})

describe('planPhases', () => {
  test('every required measurement, both modes, with the reference proxy where it matters', () => {
    const phases = planPhases(parseBenchArgs(['--out', '/tmp/x']))
    expect(phases.map((phase) => phase.id)).toEqual([
      'stream-max-c1',
      'stream-max-c10',
      'stream-max-c100',
      'stream-max-c1000',
      'stream-max-1token-c100',
      'nonstream-c100',
      'stream-paced-c100',
      'stream-paced-c1000',
    ])
    expect(phases.filter((phase) => phase.withPassthrough).map((phase) => phase.id)).toEqual([
      'stream-max-c1',
      'stream-max-c100',
      'stream-paced-c100',
    ])
    expect(memoryPhase(parseBenchArgs(['--out', '/tmp/x']))).toMatchObject({
      concurrency: 1000,
      delayMs: 50,
    })
  })
})
