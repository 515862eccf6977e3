import { Elysia } from 'elysia'
import type { ModelRoute } from '../backends/model-router.ts'
import type { OllamaError } from '../errors/ollama-error.ts'
import type { Logger } from '../log/logger.ts'
import type { ProxyMetrics } from '../metrics/proxy-metrics.ts'
import { surfaceOf } from '../metrics/surface-of.ts'
import { type StreamOutcome, streamOutcome } from './stream-response.ts'

interface RequestStart {
  id: string
  startedAt: number
}

const failures = new WeakMap<Request, OllamaError>()

/** Notes why a request failed (the error its response reports), for its log line. */
export function recordFailure(request: Request, error: OllamaError): void {
  failures.set(request, error)
}

export interface RequestLogOptions {
  logger: Logger
  metrics: ProxyMetrics
  /** The route that served each request, by its signal (set by the fallback chain). */
  served: WeakMap<AbortSignal, ModelRoute>
  /** The name of the client key a request carried (never the key). */
  clientOf: (request: Request) => string | undefined
}

/** How a request was answered, as its log line and metrics need it. */
interface Answer {
  status: number
  outcome: StreamOutcome | undefined
}

/**
 * One structured log line per request: id (the client's `x-request-id`, else a new one, echoed in
 * the response), method, path, status, duration, model, and the client (the name of its API key,
 * never the key); for a failed request, the error its client was told and its kind. Streamed
 * responses are logged when their stream ends, with how it ended. The same moment records the
 * request in the metrics, with the backend and model that served it: once, for every surface.
 */
export function requestLog({ logger, metrics, served, clientOf }: RequestLogOptions) {
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
      const { status, outcome } = await answerOf(context)
      const seconds = (Bun.nanoseconds() - start.startedAt) / 1e9
      const route = served.get(context.request.signal)
      metrics.request({
        surface: surfaceOf(context.path),
        route: context.route ?? 'unmatched',
        status,
        served: route,
        seconds,
      })
      const body =
        'body' in context ? (context.body as { model?: unknown; name?: unknown }) : undefined
      const model = body?.model ?? body?.name
      const failure = outcome?.kind === 'failed' ? outcome.error : failures.get(context.request)
      const client = clientOf(context.request)
      logger[status >= 500 || outcome?.kind === 'failed' ? 'warn' : 'info']('request', {
        request_id: start.id,
        method: context.request.method,
        path: context.path,
        status,
        duration_ms: Math.round(seconds * 1e5) / 100,
        ...(typeof model === 'string' && { model }),
        ...(route && { backend: route.backend.id }),
        ...(client !== undefined && { client }),
        ...(outcome && { stream: outcome.kind }),
        ...(failure && { error: failure.message, error_kind: failure.kind }),
      })
    })
}

/** The status of a response, and how its stream ended once it has (for streamed responses). */
async function answerOf(context: {
  set: { status?: unknown }
  responseValue?: unknown
}): Promise<Answer> {
  const response = context.responseValue
  if (!(response instanceof Response)) {
    return { status: Number(context.set.status ?? 200), outcome: undefined }
  }
  return { status: response.status, outcome: await streamOutcome(response) }
}
