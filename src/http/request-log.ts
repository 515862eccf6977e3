import { Elysia } from 'elysia'
import type { ModelRoute } from '../backends/model-router.ts'
import type { Logger } from '../log/logger.ts'
import type { ProxyMetrics } from '../metrics/proxy-metrics.ts'
import { surfaceOf } from '../metrics/surface-of.ts'
import { streamOutcome } from './stream-response.ts'

interface RequestStart {
  id: string
  startedAt: number
}

export interface RequestLogOptions {
  logger: Logger
  metrics: ProxyMetrics
  /** The route that served each request, by its signal (set by the fallback chain). */
  served: WeakMap<AbortSignal, ModelRoute>
}

/**
 * One structured log line per request: id (the client's `x-request-id`, else a new one, echoed in
 * the response), method, path, status, duration and model. Streamed responses are logged when their
 * stream ends, with how it ended. The same moment records the request in the metrics, with the
 * backend and model that served it: once, for every surface.
 */
export function requestLog({ logger, metrics, served }: RequestLogOptions) {
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
      const level = status >= 500 || outcome?.kind === 'failed' ? 'warn' : 'info'
      const seconds = (Bun.nanoseconds() - start.startedAt) / 1e9
      const route = served.get(context.request.signal)
      metrics.request({
        surface: surfaceOf(context.path),
        route: context.route ?? 'unmatched',
        status,
        served: route,
        seconds,
      })
      logger[level]('request', {
        request_id: start.id,
        method: context.request.method,
        path: context.path,
        status,
        duration_ms: Math.round(seconds * 1e5) / 100,
        ...(typeof model === 'string' && { model }),
        ...(route && { backend: route.backend.id }),
        ...(outcome && { stream: outcome.kind }),
        ...(outcome?.kind === 'failed' && { error: outcome.error.message }),
      })
    })
}
