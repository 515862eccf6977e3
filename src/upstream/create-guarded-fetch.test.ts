import { describe, expect, test } from 'bun:test'
import { OllamaError } from '../errors/ollama-error.ts'
import { createGuardedFetch, type Fetch } from './create-guarded-fetch.ts'
import { InFlightRequests } from './in-flight-requests.ts'

/** A guarded fetch over scripted answers; records the waits between attempts and each call's init. */
function guarded(
  answers: (Response | Error | (() => Promise<Response>))[],
  options: {
    maxRetries?: number
    connectTimeoutMs?: number
    reachable?: boolean
    sleep?: (ms: number) => Promise<void>
  } = {},
) {
  const sleeps: number[] = []
  const inits: RequestInit[] = []
  const inFlight = new InFlightRequests({ idleTimeoutMs: 60_000 })
  const fetch: Fetch = async (_input, init) => {
    inits.push(init ?? {})
    const answer = answers.shift()
    if (answer === undefined) throw new Error('no more answers')
    if (answer instanceof Error) throw answer
    return typeof answer === 'function' ? answer() : answer
  }
  const probes: string[] = []
  const guard = createGuardedFetch({
    fetch,
    inFlight,
    connectTimeoutMs: options.connectTimeoutMs ?? Number.POSITIVE_INFINITY,
    maxRetries: options.maxRetries ?? 2,
    sleep: async (ms) => {
      sleeps.push(ms)
      await options.sleep?.(ms)
    },
    probe: async (host, port) => {
      probes.push(`${host}:${port}`)
      return options.reachable ?? true
    },
  })
  return { guard, sleeps, inits, inFlight, probes }
}

const status = (code: number, headers: Record<string, string> = {}) =>
  new Response(code < 300 ? 'ok' : 'error', { status: code, headers })
const url = 'http://upstream.test:8080/v1/chat/completions'

describe('createGuardedFetch: retries before the answer starts', () => {
  test("waits as long as the upstream's Retry-After says, then retries", async () => {
    const { guard, sleeps } = guarded([status(429, { 'retry-after': '2' }), status(200)])
    expect((await guard.fetch(url)).status).toBe(200)
    expect(sleeps).toEqual([2000])
  })

  test('reads retry-after-ms and HTTP-date Retry-After too', async () => {
    const inTwoSeconds = new Date(Date.now() + 2000).toUTCString()
    const { guard, sleeps } = guarded([
      status(503, { 'retry-after-ms': '250' }),
      status(503, { 'retry-after': inTwoSeconds }),
      status(200),
    ])
    expect((await guard.fetch(url)).status).toBe(200)
    expect(sleeps[0]).toBe(250)
    expect(sleeps[1]).toBeGreaterThan(0)
    expect(sleeps[1]).toBeLessThanOrEqual(2000)
  })

  test('backs off with jitter without a Retry-After: about 0.5 s, then 1 s', async () => {
    const { guard, sleeps } = guarded([status(500), status(502), status(200)])
    expect((await guard.fetch(url)).status).toBe(200)
    expect(sleeps[0]).toBeGreaterThanOrEqual(375)
    expect(sleeps[0]).toBeLessThanOrEqual(625)
    expect(sleeps[1]).toBeGreaterThanOrEqual(750)
    expect(sleeps[1]).toBeLessThanOrEqual(1250)
  })

  test('retries a connection failure, and throws it when the retries are spent', async () => {
    const refused = new Error('ECONNREFUSED')
    const { guard, sleeps } = guarded([refused, refused, refused])
    expect(await guard.fetch(url).catch((error) => error)).toBe(refused)
    expect(sleeps).toHaveLength(2)
  })

  test('returns the last answer when the retries are spent, for the client to see', async () => {
    const { guard, sleeps } = guarded([status(429), status(429), status(429)])
    expect((await guard.fetch(url)).status).toBe(429)
    expect(sleeps).toHaveLength(2)
  })

  test('does not retry a client error, nor a Retry-After longer than a client should wait', async () => {
    const refused = guarded([status(400)])
    expect((await refused.guard.fetch(url)).status).toBe(400)
    const later = guarded([status(429, { 'retry-after': '3600' })])
    expect((await later.guard.fetch(url)).status).toBe(429)
    expect([refused.sleeps, later.sleeps]).toEqual([[], []])
  })

  test('does not retry with no retries configured', async () => {
    const { guard, sleeps } = guarded([status(503)], { maxRetries: 0 })
    expect((await guard.fetch(url)).status).toBe(503)
    expect(sleeps).toEqual([])
  })

  test('stops retrying when the request is ended meanwhile, with its reason', async () => {
    const { guard, inFlight, sleeps } = guarded(
      [status(503, { 'retry-after': '1' }), status(200)],
      {
        sleep: () => new Promise(() => {}),
      },
    )
    const shutdown = new OllamaError(503, 'the server is shutting down')
    const pending = guard.fetch(url)
    while (sleeps.length === 0) await Bun.sleep(1)
    inFlight.endAll(shutdown)
    expect(await pending.catch((error) => error)).toBe(shutdown)
  })
})

describe('createGuardedFetch: watching', () => {
  test("turns Bun's own idle timer off and passes a signal that follows the client's", async () => {
    const client = new AbortController()
    const { guard, inits } = guarded([status(200)])
    await guard.fetch(url, { signal: client.signal })
    const init = inits[0] as RequestInit & { timeout?: unknown }
    expect(init.timeout).toBe(false)
    client.abort()
    expect(init.signal?.aborted).toBe(true)
  })

  test('watches a 2xx answer from its headers on; forgets an error answer', async () => {
    const { guard, inFlight } = guarded([status(200), status(404)])
    const before = Date.now()
    const ok = await guard.fetch(url)
    const request = guard.requestOf(ok)
    expect(request?.lastActivityAt).toBeGreaterThanOrEqual(before)
    expect(inFlight.size).toBe(1)
    request?.close()
    const missing = await guard.fetch(url)
    expect(guard.requestOf(missing)).toBeUndefined()
    expect(inFlight.size).toBe(0)
  })
})

describe('createGuardedFetch: connecting', () => {
  const never = () => new Promise<Response>(() => {})

  test('ends a request to an upstream it cannot connect to, once headers are late', async () => {
    const { guard, probes, inFlight } = guarded(
      [
        () =>
          new Promise<Response>((_resolve, reject) => {
            // The fetch fails with whatever reason its signal was aborted with.
            setTimeout(() => reject(new Error('aborted')), 50)
          }),
      ],
      { connectTimeoutMs: 10, reachable: false, maxRetries: 0 },
    )
    const error = (await guard.fetch(url).catch((failure) => failure)) as OllamaError
    expect(probes).toEqual(['upstream.test:8080'])
    expect([error.status, error.kind, error.message]).toEqual([
      504,
      'upstream_unreachable',
      'cannot connect to the upstream (upstream.test:8080) within 0.01 s',
    ])
    expect(inFlight.size).toBe(0)
  })

  test('leaves a slow upstream it can connect to alone (the headers timeout applies)', async () => {
    const { guard, probes } = guarded([never], { connectTimeoutMs: 10, reachable: true })
    const pending = guard.fetch('https://slow.test/v1/models')
    await Bun.sleep(40)
    expect(probes).toEqual(['slow.test:443'])
    const settled = await Promise.race([
      pending.then(() => 'settled'),
      Bun.sleep(20).then(() => 'waiting'),
    ])
    expect(settled).toBe('waiting')
  })
})

describe('createGuardedFetch: the TCP probe', () => {
  test('tells a port that accepts connections from one that does not', async () => {
    const listening = Bun.listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: { data() {}, open() {} },
    })
    const closedPort = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
    const closed = closedPort.port
    closedPort.stop(true)
    const outcomes: boolean[] = []
    for (const port of [listening.port, closed]) {
      const inFlight = new InFlightRequests({ idleTimeoutMs: 60_000 })
      const guard = createGuardedFetch({
        fetch: (_input, init) =>
          new Promise((_resolve, reject) => {
            init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
            setTimeout(() => reject(new Error('still waiting')), 300)
          }),
        inFlight,
        connectTimeoutMs: 20,
        maxRetries: 0,
      })
      const error = await guard.fetch(`http://127.0.0.1:${port}/v1/models`).catch((e) => e)
      outcomes.push((error as Error).message === 'still waiting')
    }
    listening.stop(true)
    // Reachable: left waiting (the headers timeout applies). Refused: ended as unreachable.
    expect(outcomes).toEqual([true, false])
  })
})
