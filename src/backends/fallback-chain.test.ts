import { describe, expect, test } from 'bun:test'
import { APIConnectionError, APIError } from 'openai'
import { parsePrometheus, series } from '../../test/support/prometheus.ts'
import { OllamaError } from '../errors/ollama-error.ts'
import { createLogger } from '../log/logger.ts'
import { ProxyMetrics } from '../metrics/proxy-metrics.ts'
import type { Upstream } from '../upstream/upstream.ts'
import { CircuitBreaker } from './circuit-breaker.ts'
import { FallbackChain } from './fallback-chain.ts'
import type { ModelRoute } from './model-router.ts'

function setup() {
  const clock = { now: 0 }
  const route = (backend: string, model = 'm', maxRetries = 0): ModelRoute => ({
    name: 'asked',
    backend: {
      id: backend,
      upstream: { label: backend } as Upstream,
      profile: { dialect: 'openai', maxTokensParam: 'max_tokens', streamUsage: true },
      breaker: new CircuitBreaker({ failures: 2, cooldownMs: 10_000 }, () => clock.now),
      maxRetries,
    },
    model: { id: model },
    known: true,
  })
  const lines: Record<string, unknown>[] = []
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line)) })
  const metrics = new ProxyMetrics(() => [])
  const served = new WeakMap<AbortSignal, ModelRoute>()
  const pauses: number[] = []
  const controller = new AbortController()
  const signal = controller.signal
  /** Aborts the request during the next backoff. */
  const abortWhilePausing = () => {
    pausing = () => controller.abort(new Error('client gone'))
  }
  let pausing = () => {}
  const chain = new FallbackChain({
    logger,
    metrics,
    served,
    now: () => Date.parse('2026-01-01'),
    sleep: async (ms) => {
      pauses.push(ms)
      pausing()
    },
  })
  /**
   * Runs the chain; each call answers with the backend's scripted outcome (a list: one per call,
   * the last one repeated).
   */
  const run = (routes: ModelRoute[], outcomes: Record<string, unknown>) => {
    const calls: string[] = []
    const result = chain.run(routes, signal, async (chosen) => {
      calls.push(chosen.backend.id)
      const scripted = outcomes[chosen.backend.id]
      const made = calls.filter((id) => id === chosen.backend.id).length
      const outcome = Array.isArray(scripted)
        ? scripted[Math.min(made, scripted.length) - 1]
        : scripted
      if (outcome instanceof Error) throw outcome
      return outcome
    })
    return { calls, result }
  }
  const metric = async (name: string) => series(parsePrometheus(await metrics.render()), name)
  return { clock, route, lines, run, metric, served, signal, pauses, abortWhilePausing }
}

const status = (code: number, headers: Record<string, string> = {}) =>
  new APIError(code, { message: `HTTP ${code}` }, `${code}`, new Headers(headers))

describe('FallbackChain', () => {
  test('answers from the first route when it answers; no fallback, no log', async () => {
    const { route, run, lines, served, signal } = setup()
    const a = route('a')
    const { calls, result } = run([a, route('b')], { a: 'from a' })
    expect(await result).toBe('from a')
    expect(calls).toEqual(['a'])
    expect(served.get(signal)).toBe(a)
    expect(lines).toEqual([])
  })

  test.each([
    ['a 429', status(429), 'rate_limited'],
    ['a 500', status(500), 'upstream_error'],
    ['refused credentials', status(401), 'upstream_auth'],
    [
      'a connection failure',
      new APIConnectionError({ message: 'refused' }),
      'upstream_unreachable',
    ],
  ])('moves on after %s, logs it and counts it', async (_, failure, reason) => {
    const { route, run, lines, metric } = setup()
    const { calls, result } = run([route('a'), route('b', 'n')], { a: failure, b: 'from b' })
    expect(await result).toBe('from b')
    expect(calls).toEqual(['a', 'b'])
    expect(lines).toMatchObject([
      {
        level: 'warn',
        message: 'falling back to the next backend',
        from: 'a/m',
        to: 'b/n',
        reason,
      },
    ])
    expect(await metric('ollama_proxy_fallbacks_total')).toEqual({
      [`from=a,to=b,reason=${reason}`]: 1,
    })
    expect(await metric('ollama_proxy_upstream_errors_total')).toEqual({
      [`backend=a,kind=${reason}`]: 1,
    })
  })

  test('does not move on after a failure of the request itself (4xx); it counts as an answer', async () => {
    const { route, run } = setup()
    const a = route('a')
    a.backend.breaker.failed('m')
    const { calls, result } = run([a, route('b')], { a: status(400), b: 'unused' })
    expect(await result.catch((error) => error)).toMatchObject({ status: 400 })
    expect(calls).toEqual(['a'])
    // The failure count was reset: one more failure does not open the circuit.
    expect(a.backend.breaker.failed('m')).toBe(false)
  })

  test('throws the last failure when every route failed', async () => {
    const { route, run } = setup()
    const { result } = run([route('a'), route('b')], { a: status(503), b: status(429) })
    expect(await result.catch((error) => error)).toMatchObject({ status: 429 })
  })

  test('passes over a backend whose circuit is open while another route can answer, then tries it again', async () => {
    const { route, run, lines, clock, metric } = setup()
    const a = route('a')
    const b = route('b')
    for (let request = 0; request < 2; request++) {
      expect(await run([a, b], { a: status(502), b: 'b' }).result).toBe('b')
    }
    expect(lines.at(-1)).toMatchObject({ message: 'falling back to the next backend' })
    expect(lines.at(-2)).toMatchObject({
      level: 'warn',
      message: 'backend failing repeatedly: passed over until its cool-down has passed',
      backend: 'a',
    })
    const open = run([a, b], { a: 'a', b: 'b' })
    expect(await open.result).toBe('b')
    expect(open.calls).toEqual(['b'])
    expect(lines.at(-1)).toMatchObject({ reason: 'circuit_open', passed_over: ['a'] })
    clock.now = 10_000
    const probe = run([a, b], { a: 'a', b: 'b' })
    expect(await probe.result).toBe('a')
    expect(probe.calls).toEqual(['a'])
    expect(lines.at(-1)).toMatchObject({
      level: 'info',
      message: 'backend answering again: back in use',
    })
    expect(await metric('ollama_proxy_circuit_breaker_opens_total')).toEqual({ 'backend=a': 1 })
    expect(await metric('ollama_proxy_fallbacks_total')).toEqual({
      'from=a,to=b,reason=upstream_error': 2,
      'from=a,to=b,reason=circuit_open': 1,
    })
  })

  test('honours Retry-After: the model is passed over for that long', async () => {
    const { route, run, clock } = setup()
    const a = route('a')
    const b = route('b')
    await run([a, b], { a: status(429, { 'retry-after': '30' }), b: 'b' }).result
    const held = run([a, b], { a: 'a', b: 'b' })
    expect(await held.result).toBe('b')
    expect(held.calls).toEqual(['b'])
    clock.now = 30_000
    const after = run([a, b], { a: 'a', b: 'b' })
    expect(await after.result).toBe('a')
  })

  test('tries a route passed over last: with one route, the backend still answers for itself', async () => {
    const { route, run, lines } = setup()
    const a = route('a')
    a.backend.breaker.failed('m')
    a.backend.breaker.failed('m')
    const alone = run([a], { a: 'a' })
    expect(await alone.result).toBe('a')
    expect(alone.calls).toEqual(['a'])
    expect(lines.map((line) => line.message)).toEqual(['backend answering again: back in use'])
    const b = route('b')
    b.backend.breaker.failed('m')
    b.backend.breaker.failed('m')
    const both = run([b, route('c')], { b: 'b', c: status(503) })
    expect(await both.result).toBe('b')
    expect(both.calls).toEqual(['c', 'b'])
  })

  test('a request the client gave up on is not held against the backend', async () => {
    const { route } = setup()
    const a = route('a')
    const aborted = new AbortController()
    aborted.abort()
    const chain = new FallbackChain({
      logger: createLogger({ level: 'error', write: () => {} }),
      metrics: new ProxyMetrics(() => []),
      served: new WeakMap(),
    })
    const failure = await chain
      .run([a, route('b')], aborted.signal, () => Promise.reject(status(503)))
      .catch((error) => error)
    expect(failure).toBeInstanceOf(OllamaError)
    expect(a.backend.breaker.failed('m')).toBe(false)
  })

  describe('a backend that closed the connection before any output', () => {
    const closed = () =>
      new OllamaError(502, 'the upstream closed the connection mid-answer', {
        kind: 'upstream_closed',
      })

    test('is asked again first, up to its max_retries, after a backoff each time', async () => {
      const { route, run, lines, pauses } = setup()
      const { calls, result } = run([route('a', 'm', 2), route('b')], {
        a: [closed(), closed(), 'from a'],
        b: 'from b',
      })
      expect(await result).toBe('from a')
      expect(calls).toEqual(['a', 'a', 'a'])
      expect(pauses).toHaveLength(2)
      expect(pauses[0]).toBeGreaterThanOrEqual(375)
      expect(pauses[0]).toBeLessThanOrEqual(625)
      expect(pauses[1]).toBeGreaterThanOrEqual(750)
      expect(pauses[1]).toBeLessThanOrEqual(1250)
      const retries = lines.filter((line) => line.retry !== undefined)
      expect(retries.map((line) => [line.message, line.backend, line.retry])).toEqual([
        ['retrying: the upstream failed before any output', 'a', 1],
        ['retrying: the upstream failed before any output', 'a', 2],
      ])
    })

    test('then moves on to the next route', async () => {
      const { route, run, pauses } = setup()
      const { calls, result } = run([route('a', 'm', 1), route('b')], { a: closed(), b: 'from b' })
      expect(await result).toBe('from b')
      expect(calls).toEqual(['a', 'a', 'b'])
      expect(pauses).toHaveLength(1)
    })

    test('is not asked again without retries, nor for other failures', async () => {
      const { route, run, pauses } = setup()
      const once = run([route('a')], { a: closed() })
      expect(await once.result.catch((error: OllamaError) => error.kind)).toBe('upstream_closed')
      expect(once.calls).toEqual(['a'])
      const other = run([route('c', 'm', 3)], { c: status(500) })
      await other.result.catch(() => {})
      expect(other.calls).toEqual(['c'])
      expect(pauses).toEqual([])
    })

    test('not after the client gave up during the backoff', async () => {
      const { route, abortWhilePausing, run, pauses } = setup()
      abortWhilePausing()
      const { calls, result } = run([route('a', 'm', 3)], { a: closed() })
      expect(await result.catch((error: Error) => error.message)).toBe('client gone')
      expect(calls).toEqual(['a'])
      expect(pauses).toHaveLength(1)
    })
  })
})
