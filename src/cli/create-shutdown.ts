import type { Logger } from '../log/logger.ts'

export type ShutdownSignal = 'SIGTERM' | 'SIGINT'

export interface ShutdownOptions {
  /**
   * Stops the server: with `false`, it stops accepting and resolves once in-flight requests
   * (streams included) have ended (Bun's `server.stop()`); with `true`, it cuts them off.
   */
  stopServer: (closeActiveConnections: boolean) => Promise<void>
  /** Requests still being answered, for the logs. */
  inFlight: () => number
  /** How long in-flight requests may take after the first signal. */
  drainTimeoutMs: number
  logger: Logger
  exit: (code: number) => void
}

export interface Shutdown {
  /** True from the first signal on: readiness then answers 503. */
  isDraining: () => boolean
  /** First signal: drain, then exit 0. Second signal: exit at once with 128 + signal number. */
  onSignal: (signal: ShutdownSignal) => Promise<void>
}

/** Exit codes of a process ended by a signal, the shell convention (128 + signal number). */
export const signalExitCodes: Record<ShutdownSignal, number> = { SIGINT: 130, SIGTERM: 143 }

/** Graceful shutdown: stop accepting, let in-flight requests finish up to a timeout, exit 0. */
export function createShutdown(options: ShutdownOptions): Shutdown {
  const { logger } = options
  let draining = false
  return {
    isDraining: () => draining,
    async onSignal(signal) {
      if (draining) {
        logger.warn('second signal: exiting now', { signal, in_flight: options.inFlight() })
        options.exit(signalExitCodes[signal])
        return
      }
      draining = true
      logger.info('shutting down: not accepting new connections, draining in-flight requests', {
        signal,
        in_flight: options.inFlight(),
        drain_timeout_s: options.drainTimeoutMs / 1000,
      })
      let timer: Timer | undefined
      const timedOut = new Promise<true>((resolve) => {
        timer = setTimeout(() => resolve(true), options.drainTimeoutMs)
      })
      const drained = options.stopServer(false).then(() => false as const)
      if (await Promise.race([drained, timedOut])) {
        logger.warn('drain timeout: closing the requests still in flight', {
          in_flight: options.inFlight(),
        })
        await options.stopServer(true)
      } else {
        clearTimeout(timer)
        logger.info('drained: every in-flight request finished')
      }
      logger.info('exiting', { code: 0 })
      options.exit(0)
    },
  }
}
