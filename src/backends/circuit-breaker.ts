import type { BreakerSpec } from './routing-spec.ts'

export type CircuitState = 'closed' | 'open' | 'half_open'

/** Why a route is skipped: the circuit is open, or the backend asked to wait (Retry-After). */
export interface Unavailable {
  reason: 'circuit_open' | 'retry_after'
  /** How long until it may be tried again, in ms. */
  waitMs: number
}

/**
 * A backend's circuit breaker: after `failures` failures in a row (429, 5xx, timeouts,
 * unreachable) it opens, and requests skip the backend for `cooldownMs`; then one request at a
 * time tries it (half open): a success closes the circuit, a failure opens it again. A
 * `Retry-After` from the backend holds the model it was about (rate limits are per model) until
 * then, without opening the circuit for the backend's other models.
 */
export class CircuitBreaker {
  readonly #spec: BreakerSpec
  readonly #now: () => number
  #failures = 0
  #openUntil = 0
  #probing = false
  readonly #heldUntil = new Map<string, number>()

  /** `now`: a clock in milliseconds. */
  constructor(spec: BreakerSpec, now: () => number = performance.now.bind(performance)) {
    this.#spec = spec
    this.#now = now
  }

  state(): CircuitState {
    if (this.#openUntil === 0) return 'closed'
    return this.#now() < this.#openUntil ? 'open' : 'half_open'
  }

  /**
   * Whether a request for `model` may go to the backend now; undefined when it may (and then, half
   * open, it is the one probe: report its outcome with `succeeded`, `failed` or `released`).
   */
  acquire(model: string): Unavailable | undefined {
    const now = this.#now()
    const heldUntil = this.#heldUntil.get(model)
    if (heldUntil !== undefined) {
      if (now < heldUntil) return { reason: 'retry_after', waitMs: heldUntil - now }
      this.#heldUntil.delete(model)
    }
    if (this.#openUntil === 0) return undefined
    if (now < this.#openUntil || this.#probing) {
      return { reason: 'circuit_open', waitMs: Math.max(this.#openUntil - now, 0) }
    }
    this.#probing = true
    return undefined
  }

  /** The backend answered. Returns true when that closed an open circuit. */
  succeeded(): boolean {
    const wasOpen = this.#openUntil !== 0
    this.#failures = 0
    this.#openUntil = 0
    this.#probing = false
    return wasOpen
  }

  /**
   * The backend failed in a way another might not (see `isBackendFailure`); `retryAfterMs` holds
   * the model for that long. Returns true when this failure opened the circuit.
   */
  failed(model: string, retryAfterMs?: number): boolean {
    const now = this.#now()
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      this.#heldUntil.set(model, now + retryAfterMs)
    }
    this.#failures++
    const wasProbe = this.#probing
    this.#probing = false
    if (this.#spec.failures === 0) return false
    if (!wasProbe && this.#failures < this.#spec.failures) return false
    this.#openUntil = now + this.#spec.cooldownMs
    return true
  }

  /** The request ended without saying anything about the backend (the client went away). */
  released(): void {
    this.#probing = false
  }
}
