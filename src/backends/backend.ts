import type { Upstream } from '../upstream/upstream.ts'
import type { UpstreamProfile } from '../upstream/upstream-profile.ts'

/** One OpenAI-compatible backend: how to reach it, and what it accepts. */
export interface Backend {
  /** The backend's name in the configuration (`default` for the single-backend settings). */
  readonly id: string
  readonly upstream: Upstream
  readonly profile: UpstreamProfile
}
