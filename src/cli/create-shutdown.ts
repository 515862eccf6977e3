import { OllamaError } from '../errors/ollama-error.ts'
import type { Logger } from '../log/logger.ts'

export type ShutdownSignal = 'SIGTERM' | 'SIGINT'

export interface ShutdownOptions {
  /** Stops the server, closing every connection still open. */
  stopServer: () => Promise<void>
  /** Requests still being answered (streams included). */
  inFlight: () => number
  /** Ends every upstream request still running with `reason` (their streams end with it). */
  endUpstreamRequests: (reason: Error) => void
  /** How long in-flight requests may take after the first signal. */
  drainTimeoutMs: number
  logger: Logger
  exit: (code: number) => void
  /** Resolves after `ms` (tests pass a fake clock). */
  sleep?: (ms: number) => Promise<void>
}

export interface Shutdown {
  /** True from the first signal on: readiness answers 503, new requests are refused. */
  isDraining: () => boolean
  /** First signal: drain, then exit 0. Second signal: exit at once with 128 + signal number. */
  onSignal: (signal: ShutdownSignal) => Promise<void>
}

/** Exit codes of a process ended by a signal, the shell convention (128 + signal number). */
export const signalExitCodes: Record<ShutdownSignal, number> = { SIGINT: 130, SIGTERM: 143 }

/** How often the drain checks whether the requests in flight have finished. */
const pollMs = 25
/** How long streams ended at the drain timeout get to write their last frame. */
const lastFrameMs = 500

/** The error streams still running at the drain timeout end with. */
export const shuttingDown = () =>
  new OllamaError(503, 'the server is shutting down', { headers: { 'retry-after': '1' } })

/**
 * Graceful shutdown: the server keeps listening (readiness answers 503, so load balancers move
 * traffic away, and probes get an answer instead of a refused connection) while in-flight requests
 * finish, up to the drain timeout; streams still running then end with an error saying the server
 * is shutting down. The process exits as soon as nothing is in flight.
 */
export function createShutdown(options: ShutdownOptions): Shutdown {
  const { logger } = options
  const sleep = options.sleep ?? ((ms: number) => Bun.sleep(ms))
  let draining = false
  /** Waits until nothing is in flight or `ms` have passed; true when nothing is. */
  const idleWithin = async (ms: number) => {
    for (let waited = 0; options.inFlight() > 0; waited += pollMs) {
      if (waited >= ms) return false
      await sleep(pollMs)
    }
    return true
  }
  return {
    isDraining: () => draining,
    async onSignal(signal) {
      if (draining) {
        logger.warn('second signal: exiting now', { signal, in_flight: options.inFlight() })
        options.exit(signalExitCodes[signal])
        return
      }
      draining = true
      logger.info(
        'shutting down: readiness fails, new requests are refused, in-flight requests drain',
        {
          signal,
          in_flight: options.inFlight(),
          drain_timeout_s: options.drainTimeoutMs / 1000,
        },
      )
      if (await idleWithin(options.drainTimeoutMs)) {
        logger.info('drained: every in-flight request finished')
      } else {
        logger.warn('drain timeout: ending the requests still in flight', {
          in_flight: options.inFlight(),
        })
        options.endUpstreamRequests(shuttingDown())
        await idleWithin(lastFrameMs)
      }
      await options.stopServer()
      logger.info('exiting', { code: 0 })
      options.exit(0)
    },
  }
}
