import type { Upstream } from '../upstream/upstream.ts'
import type { UpstreamProfile } from '../upstream/upstream-profile.ts'
import type { CircuitBreaker } from './circuit-breaker.ts'

/** One OpenAI-compatible backend: how to reach it, what it accepts, and how it is doing. */
export interface Backend {
  /** The backend's name in the configuration (`default` for the single-backend settings). */
  readonly id: string
  readonly upstream: Upstream
  readonly profile: UpstreamProfile
  /** Context length reported for all its models, overriding what the backend says. */
  readonly contextLength?: number
  readonly breaker: CircuitBreaker
  /** Retries of a call that failed before any output (`UPSTREAM_MAX_RETRIES`, `max_retries`). */
  readonly maxRetries: number
}
