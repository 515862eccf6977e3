import { APIError } from 'openai/core/error'
import type { OllamaError } from '../errors/ollama-error.ts'
import { parseRetryAfter } from '../upstream/parse-retry-after.ts'

/**
 * How long a backend asked to be left alone: the Retry-After of its answer (also on 503s), in ms
 * from `nowEpochMs`. Undefined without a usable header, or for no wait at all.
 */
export function retryAfterMs(failure: OllamaError, nowEpochMs: number): number | undefined {
  const cause = failure.cause
  const header = (name: string) =>
    failure.headers[name] ?? (cause instanceof APIError ? cause.headers?.get(name) : undefined)
  const ms = parseRetryAfter(header, nowEpochMs)
  return ms === undefined || ms <= 0 ? undefined : ms
}
