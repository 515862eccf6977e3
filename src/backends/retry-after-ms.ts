import { APIError } from 'openai/core/error'
import type { OllamaError } from '../errors/ollama-error.ts'

/**
 * How long a backend asked to be left alone: the Retry-After header of its answer (seconds, or
 * an HTTP date; also on 503s), in ms from `nowEpochMs`. Undefined without a usable header.
 */
export function retryAfterMs(failure: OllamaError, nowEpochMs: number): number | undefined {
  const cause = failure.cause
  const header =
    failure.headers['retry-after'] ??
    (cause instanceof APIError ? cause.headers?.get('retry-after') : undefined) ??
    undefined
  if (header === undefined || header.trim() === '') return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return seconds > 0 ? seconds * 1000 : undefined
  const date = Date.parse(header)
  return Number.isNaN(date) || date <= nowEpochMs ? undefined : date - nowEpochMs
}
