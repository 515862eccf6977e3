import { describe, expect, test } from 'bun:test'
import { createLogger } from '../log/logger.ts'
import { createShutdown, type ShutdownOptions, signalExitCodes } from './create-shutdown.ts'

/**
 * A shutdown over a fake clock: `inFlight` requests finish at `finishAtMs` (never by default), and
 * those ended by the drain timeout finish right away.
 */
function harness(overrides: Partial<ShutdownOptions> & { finishAtMs?: number } = {}) {
  const logs: { level: string; message: string; [field: string]: unknown }[] = []
  const events: string[] = []
  let clock = 0
  let inFlight = 2
  const shutdown = createShutdown({
    stopServer: async () => {
      events.push(`stop at ${clock}`)
    },
    inFlight: () => inFlight,
    endUpstreamRequests: (reason) => {
      events.push(`end upstream requests at ${clock}: ${reason.message}`)
      inFlight = 0
    },
    drainTimeoutMs: 1000,
    logger: createLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line)) }),
    exit: (code) => events.push(`exit ${code} at ${clock}`),
    sleep: async (ms) => {
      clock += ms
      if (clock >= (overrides.finishAtMs ?? Number.POSITIVE_INFINITY)) inFlight = 0
    },
    ...overrides,
  })
  return { shutdown, logs, events }
}

describe('createShutdown', () => {
  test('is not draining before a signal', () => {
    expect(harness().shutdown.isDraining()).toBe(false)
  })

  test('first signal: drains (readiness fails), exits 0 as soon as nothing is in flight', async () => {
    const { shutdown, logs, events } = harness({ finishAtMs: 100 })
    const done = shutdown.onSignal('SIGTERM')
    expect(shutdown.isDraining()).toBe(true)
    await done
    expect(events).toEqual(['stop at 100', 'exit 0 at 100'])
    expect(logs.map((entry) => entry.message)).toEqual([
      'shutting down: readiness fails, new requests are refused, in-flight requests drain',
      'drained: every in-flight request finished',
      'exiting',
    ])
    expect(logs[0]).toMatchObject({ signal: 'SIGTERM', in_flight: 2, drain_timeout_s: 1 })
  })

  test('exits at once when nothing is in flight', async () => {
    const { shutdown, events } = harness({ inFlight: () => 0 })
    await shutdown.onSignal('SIGTERM')
    expect(events).toEqual(['stop at 0', 'exit 0 at 0'])
  })

  test('drain timeout: ends the upstream requests still running, so their streams end saying why', async () => {
    const { shutdown, logs, events } = harness({ drainTimeoutMs: 200 })
    await shutdown.onSignal('SIGINT')
    expect(events).toEqual([
      'end upstream requests at 200: the server is shutting down',
      'stop at 200',
      'exit 0 at 200',
    ])
    expect(logs[1]).toMatchObject({
      level: 'warn',
      message: 'drain timeout: ending the requests still in flight',
      in_flight: 2,
    })
  })

  test('second signal: exits at once with 128 + the signal number', async () => {
    const { shutdown, logs, events } = harness({ finishAtMs: 100 })
    const first = shutdown.onSignal('SIGTERM')
    await shutdown.onSignal('SIGINT')
    expect(events[0]).toStartWith('exit 130 at')
    expect(logs[1]).toMatchObject({ level: 'warn', message: 'second signal: exiting now' })
    await first
  })

  test('signal exit codes follow the shell convention', () => {
    expect(signalExitCodes).toEqual({ SIGINT: 130, SIGTERM: 143 })
  })
})

test('waits on the real clock when given none', async () => {
  let inFlight = 1
  const events: string[] = []
  const shutdown = createShutdown({
    stopServer: async () => {
      events.push('stop')
    },
    inFlight: () => inFlight,
    endUpstreamRequests: () => {},
    drainTimeoutMs: 5_000,
    logger: createLogger({ level: 'error', write: () => {} }),
    exit: (code) => events.push(`exit ${code}`),
  })
  const done = shutdown.onSignal('SIGTERM')
  await Bun.sleep(60)
  expect(events).toEqual([])
  inFlight = 0
  await done
  expect(events).toEqual(['stop', 'exit 0'])
})
