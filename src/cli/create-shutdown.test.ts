import { describe, expect, test } from 'bun:test'
import { createLogger } from '../log/logger.ts'
import { createShutdown, type ShutdownOptions, signalExitCodes } from './create-shutdown.ts'

function harness(overrides: Partial<ShutdownOptions> & { drainMs?: number } = {}) {
  const logs: { level: string; message: string; [field: string]: unknown }[] = []
  const stops: boolean[] = []
  const exits: number[] = []
  let inFlight = 2
  const shutdown = createShutdown({
    stopServer: async (closeActiveConnections) => {
      stops.push(closeActiveConnections)
      if (!closeActiveConnections) await Bun.sleep(overrides.drainMs ?? 10)
      inFlight = 0
    },
    inFlight: () => inFlight,
    drainTimeoutMs: 1000,
    logger: createLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line)) }),
    exit: (code) => exits.push(code),
    ...overrides,
  })
  return { shutdown, logs, stops, exits }
}

describe('createShutdown', () => {
  test('is not draining before a signal', () => {
    expect(harness().shutdown.isDraining()).toBe(false)
  })

  test('first signal: drains (readiness fails), waits for in-flight requests, exits 0', async () => {
    const { shutdown, logs, stops, exits } = harness()
    const done = shutdown.onSignal('SIGTERM')
    expect(shutdown.isDraining()).toBe(true)
    expect(exits).toEqual([])
    await done
    expect(stops).toEqual([false])
    expect(exits).toEqual([0])
    expect(logs.map((entry) => entry.message)).toEqual([
      'shutting down: not accepting new connections, draining in-flight requests',
      'drained: every in-flight request finished',
      'exiting',
    ])
    expect(logs[0]).toMatchObject({ signal: 'SIGTERM', in_flight: 2, drain_timeout_s: 1 })
  })

  test('drain timeout: closes what is still in flight, then exits 0', async () => {
    const { shutdown, logs, stops, exits } = harness({ drainTimeoutMs: 20, drainMs: 500 })
    const started = performance.now()
    await shutdown.onSignal('SIGINT')
    expect(performance.now() - started).toBeLessThan(300)
    expect(stops).toEqual([false, true])
    expect(exits).toEqual([0])
    expect(logs[1]).toMatchObject({
      level: 'warn',
      message: 'drain timeout: closing the requests still in flight',
      in_flight: 2,
    })
  })

  test('second signal: exits at once with 128 + the signal number', async () => {
    const { shutdown, logs, exits } = harness({ drainMs: 100 })
    const first = shutdown.onSignal('SIGTERM')
    await shutdown.onSignal('SIGINT')
    expect(exits).toEqual([130])
    expect(logs[1]).toMatchObject({ level: 'warn', message: 'second signal: exiting now' })
    await first
  })

  test('signal exit codes follow the shell convention', () => {
    expect(signalExitCodes).toEqual({ SIGINT: 130, SIGTERM: 143 })
  })
})
