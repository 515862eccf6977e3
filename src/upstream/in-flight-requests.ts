import { OllamaError } from '../errors/ollama-error.ts'

/** One upstream request under way, as the proxy watches it. */
export interface InFlightRequest {
  /** Aborts when the client goes away or the proxy ends the request. */
  readonly signal: AbortSignal
  /** When the upstream last sent something (ms, `Date.now()`); unset until its headers arrive. */
  lastActivityAt: number | undefined
  /** Why the proxy ended the request (idle timeout, shutdown), if it did. */
  readonly endedBy: Error | undefined
  /** Ends the request: it is aborted, and fails with `reason`. */
  end(reason: Error): void
  /** Stops watching the request (it completed, failed or was abandoned). */
  close(): void
}

export interface InFlightRequestsOptions {
  /** How long the upstream may send nothing once it has answered, before the request is ended. */
  idleTimeoutMs: number
  now?: () => number
}

/**
 * Every upstream request under way: ended with a clear error when the upstream stays silent past
 * the idle timeout (one shared timer, not one per request), and all at once on shutdown.
 */
export class InFlightRequests {
  readonly #requests = new Set<Entry>()
  readonly #options: InFlightRequestsOptions
  readonly #now: () => number
  #sweeper: Timer | undefined

  constructor(options: InFlightRequestsOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
  }

  get size(): number {
    return this.#requests.size
  }

  /** Starts watching a request that ends when `clientSignal` aborts. */
  open(clientSignal?: AbortSignal): InFlightRequest {
    const entry = new Entry(clientSignal, () => this.#remove(entry))
    this.#requests.add(entry)
    if (this.#sweeper === undefined && Number.isFinite(this.#options.idleTimeoutMs)) {
      const every = Math.min(1000, Math.max(10, this.#options.idleTimeoutMs / 4))
      this.#sweeper = setInterval(() => this.sweep(), every)
      this.#sweeper.unref()
    }
    return entry
  }

  /** Ends the requests whose upstream has been silent for longer than the idle timeout. */
  sweep(): void {
    const { idleTimeoutMs } = this.#options
    const silentSince = this.#now() - idleTimeoutMs
    for (const entry of this.#requests) {
      if (entry.lastActivityAt !== undefined && entry.lastActivityAt < silentSince) {
        entry.end(
          new OllamaError(504, `the upstream sent nothing for ${idleTimeoutMs / 1000} s`, {
            kind: 'upstream_timeout',
          }),
        )
      }
    }
  }

  /** Ends every request under way with `reason` (shutdown). */
  endAll(reason: Error): void {
    for (const entry of this.#requests) entry.end(reason)
  }

  #remove(entry: Entry): void {
    this.#requests.delete(entry)
    if (this.#requests.size === 0 && this.#sweeper !== undefined) {
      clearInterval(this.#sweeper)
      this.#sweeper = undefined
    }
  }
}

class Entry implements InFlightRequest {
  readonly signal: AbortSignal
  lastActivityAt: number | undefined
  readonly #controller = new AbortController()
  readonly #onClose: () => void
  #closed = false

  constructor(clientSignal: AbortSignal | undefined, onClose: () => void) {
    this.#onClose = onClose
    this.signal = clientSignal
      ? AbortSignal.any([clientSignal, this.#controller.signal])
      : this.#controller.signal
    this.signal.addEventListener('abort', () => this.close(), { once: true })
  }

  get endedBy(): Error | undefined {
    return this.#controller.signal.aborted ? (this.#controller.signal.reason as Error) : undefined
  }

  end(reason: Error): void {
    this.#controller.abort(reason)
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#onClose()
  }
}
