import { describe, expect, test } from 'bun:test'
import { OllamaError } from '../errors/ollama-error.ts'
import { InFlightRequests } from './in-flight-requests.ts'

function watch(idleTimeoutMs = 1000) {
  let now = 10_000
  const inFlight = new InFlightRequests({ idleTimeoutMs, now: () => now })
  return { inFlight, advance: (ms: number) => (now += ms), now: () => now }
}

describe('InFlightRequests', () => {
  test('ends a request whose upstream has been silent past the idle timeout, saying so', () => {
    const { inFlight, advance, now } = watch(1500)
    const silent = inFlight.open()
    silent.lastActivityAt = now()
    const active = inFlight.open()
    advance(1000)
    active.lastActivityAt = now()
    advance(501)
    inFlight.sweep()
    expect(silent.signal.aborted).toBe(true)
    const reason = silent.endedBy as OllamaError
    expect([reason.status, reason.kind, reason.message]).toEqual([
      504,
      'upstream_timeout',
      'the upstream sent nothing for 1.5 s',
    ])
    expect(active.endedBy).toBeUndefined()
    expect(active.signal.aborted).toBe(false)
  })

  test('does not time a request whose headers have not arrived (the headers timeout does)', () => {
    const { inFlight, advance } = watch()
    const waiting = inFlight.open()
    advance(60_000)
    inFlight.sweep()
    expect(waiting.endedBy).toBeUndefined()
  })

  test('ends every request at once on shutdown, and forgets them', () => {
    const { inFlight } = watch()
    const requests = [inFlight.open(), inFlight.open()]
    const reason = new OllamaError(503, 'the server is shutting down')
    inFlight.endAll(reason)
    expect(requests.map((request) => request.signal.reason)).toEqual([reason, reason])
    expect(inFlight.size).toBe(0)
  })

  test("follows the client's signal, and forgets the request when the client goes away", () => {
    const { inFlight } = watch()
    const client = new AbortController()
    const request = inFlight.open(client.signal)
    expect(inFlight.size).toBe(1)
    client.abort()
    expect(request.signal.aborted).toBe(true)
    expect(request.endedBy).toBeUndefined()
    expect(inFlight.size).toBe(0)
  })

  test('forgets a closed request, once', () => {
    const { inFlight } = watch()
    const request = inFlight.open()
    inFlight.open()
    request.close()
    request.close()
    expect(inFlight.size).toBe(1)
  })
})
