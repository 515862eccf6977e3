import { Elysia, t } from 'elysia'
import type { ProxyMetrics } from './proxy-metrics.ts'

/**
 * `GET /metrics`, Prometheus text format. When client keys are configured, they protect it like
 * any other route unless METRICS_PUBLIC is true (`config.metricsPublic`: the authentication guard
 * lets this path through then).
 */
export function metricsApi(metrics: ProxyMetrics) {
  return new Elysia({ name: 'metrics' }).get(
    '/metrics',
    async () =>
      new Response(await metrics.render(), { headers: { 'content-type': metrics.contentType } }),
    {
      response: {
        200: t.String({
          description: 'Prometheus text exposition format 0.0.4',
          examples: [
            '# HELP ollama_proxy_active_streams Generations streaming from a backend now\n# TYPE ollama_proxy_active_streams gauge\nollama_proxy_active_streams{backend="default"} 3\n',
          ],
        }),
      },
      detail: {
        tags: ['Operations'],
        summary: 'Prometheus metrics',
        description:
          'Requests by surface, route, status, backend and model; upstream time to first output and duration; tokens; active streams; upstream errors by kind; fallbacks; circuit breakers; memory. The README lists every metric.',
      },
    },
  )
}
