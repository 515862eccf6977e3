import { Elysia } from 'elysia'
import { OllamaError } from '../errors/ollama-error.ts'
import { isHealthPath } from './is-open-path.ts'
import { bodyTooLarge } from './limit-body.ts'
import { pathOf } from './path-of.ts'

/** Seconds a client refused with 503 is asked to wait: streams last longer than that. */
export const RETRY_AFTER_SECONDS = 5

export interface RequestLimitsOptions {
  /** MAX_BODY_SIZE, in bytes. */
  maxBodyBytes: number
  /** MAX_CONCURRENT_REQUESTS. */
  maxConcurrent: number
}

/**
 * Before any work: 503 with Retry-After once MAX_CONCURRENT_REQUESTS requests are in flight
 * (the server's own count, open streams included, this one too; health checks always pass, so
 * that a busy instance is not taken for a dead one), and 413 for a declared Content-Length over
 * MAX_BODY_SIZE (its body is never read).
 */
export function requestLimits({ maxBodyBytes, maxConcurrent }: RequestLimitsOptions) {
  return new Elysia({ name: 'request-limits' }).onRequest(({ request, server }) => {
    if ((server?.pendingRequests ?? 0) > maxConcurrent && !isHealthPath(pathOf(request.url))) {
      throw new OllamaError(
        503,
        `server busy: ${maxConcurrent} requests in progress, the most it serves at once (MAX_CONCURRENT_REQUESTS); retry later`,
        { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } },
      )
    }
    if (Number(request.headers.get('content-length')) > maxBodyBytes) {
      throw bodyTooLarge(maxBodyBytes)
    }
  })
}
