import { Elysia } from 'elysia'
import type { OllamaError } from '../errors/ollama-error.ts'
import type { Logger } from '../log/logger.ts'
import { streamOutcome } from './stream-response.ts'

interface RequestStart {
  id: string
  startedAt: number
}

const failures = new WeakMap<Request, OllamaError>()

/** Notes why a request failed (the error its response reports), for its log line. */
export function recordFailure(request: Request, error: OllamaError): void {
  failures.set(request, error)
}

/**
 * One structured log line per request: id (the client's `x-request-id`, else a new one, echoed in
 * the response), method, path, status, duration, model, and the client (the name of its API key,
 * never the key); for a failed request, the error its client was told and its kind. Streamed
 * responses are logged when their stream ends, with how it ended.
 */
export function requestLog(
  logger: Logger,
  clientOf: (request: Request) => string | undefined,
) {
  const starts = new WeakMap<Request, RequestStart>()
  return new Elysia({ name: 'request-log' })
    .onRequest(({ request, set }) => {
      const id = request.headers.get('x-request-id') || crypto.randomUUID()
      starts.set(request, { id, startedAt: Bun.nanoseconds() })
      set.headers['x-request-id'] = id
    })
    .onAfterResponse({ as: 'global' }, async (context) => {
      const start = starts.get(context.request)
      if (start === undefined) return
      const response = 'responseValue' in context ? context.responseValue : undefined
      const isResponse = response instanceof Response
      const outcome = isResponse ? await streamOutcome(response) : undefined
      const status = isResponse ? response.status : Number(context.set.status ?? 200)
      const body =
        'body' in context ? (context.body as { model?: unknown; name?: unknown }) : undefined
      const model = body?.model ?? body?.name
      const failure = outcome?.kind === 'failed' ? outcome.error : failures.get(context.request)
      const client = clientOf(context.request)
      const level = status >= 500 || outcome?.kind === 'failed' ? 'warn' : 'info'
      logger[level]('request', {
        request_id: start.id,
        method: context.request.method,
        path: context.path,
        status,
        duration_ms: Math.round((Bun.nanoseconds() - start.startedAt) / 1e4) / 100,
        ...(typeof model === 'string' && { model }),
        ...(client !== undefined && { client }),
        ...(outcome && { stream: outcome.kind }),
        ...(failure && { error: failure.message, error_kind: failure.kind }),
      })
    })
}
