import { describe, expect, test } from 'bun:test'
import { loadConfig } from '../src/config/load-config.ts'
import { readRoutingSections } from '../src/config/read-routing-sections.ts'
import { threeBackends } from './routing.ts'
import { memoryPhase, parseBenchArgs, planPhases, routingPhase, threeBackendConfig } from './run.ts'

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

describe('the routing phase', () => {
  test('1-token answers at c=100, as many runs as the others', () => {
    expect(routingPhase(parseBenchArgs(['--out', '/tmp/x']))).toMatchObject({
      id: 'routing-1token-c100',
      concurrency: 100,
      tokens: 1,
      delayMs: 0,
      runs: 3,
    })
  })

  test("the proxy's config file configures what bench/routing.ts measures in-process", () => {
    const config = loadConfig([{ describe: (key) => key, values: {} }])
    const routing = readRoutingSections(
      threeBackendConfig('http://127.0.0.1:9') as Record<string, unknown>,
      { file: 'three-backends.json', env: {}, config },
    )
    const shape = (spec: typeof threeBackends) => ({
      backends: spec.backends.map((backend) => [backend.id, backend.prefix]),
      aliases: spec.aliases,
      fallbacks: spec.fallbacks,
    })
    expect(shape(routing)).toEqual(shape(threeBackends))
  })
})
