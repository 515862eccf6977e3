/** Ollama's default keep_alive: how long a model counts as loaded after a request. */
export const defaultKeepAliveMs = 5 * 60_000

/** A model counted as loaded: used within its keep_alive. */
export interface ActiveModel {
  id: string
  expiresAt: number
}

/**
 * Which models clients used recently, so /api/ps can list them as Ollama lists loaded models: each
 * use keeps a model listed for its keep_alive (default 5 minutes); keep_alive 0 unloads it.
 */
export class ModelActivity {
  readonly #expiries = new Map<string, number>()
  readonly #now: () => number

  constructor(now: () => number = Date.now) {
    this.#now = now
  }

  touch(id: string, keepAliveMs: number): void {
    if (keepAliveMs <= 0) this.#expiries.delete(id)
    else this.#expiries.set(id, this.#now() + keepAliveMs)
  }

  /** The models still listed, the longest-lived first. */
  active(): ActiveModel[] {
    const now = this.#now()
    const active: ActiveModel[] = []
    for (const [id, expiresAt] of this.#expiries) {
      if (expiresAt > now) active.push({ id, expiresAt })
      else this.#expiries.delete(id)
    }
    return active.sort((a, b) => b.expiresAt - a.expiresAt)
  }
}
