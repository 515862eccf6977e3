import { Elysia, t } from 'elysia'
import packageJson from '../../package.json' with { type: 'json' }

export interface OpsOptions {
  environment: string
  /** The container's id: Docker and Kubernetes set HOSTNAME to it. */
  containerId: string
  /** True once shutdown has begun: readiness then fails so traffic moves elsewhere. */
  isDraining: () => boolean
}

export const HealthResponse = t.Object({
  status: t.Union([t.Literal('ok'), t.Literal('draining')]),
  version: t.String({
    description: 'Version of ollama-openai-proxy',
    examples: [packageJson.version],
  }),
  timestamp: t.String({ format: 'date-time' }),
  environment: t.String({ examples: ['production'] }),
  container_id: t.String({ examples: ['3f4e1c2b9a0d'] }),
})

/** Health endpoints for orchestrators: liveness (/health) and readiness (/health/ready). */
export function opsApi(options: OpsOptions) {
  const health = () => ({
    status: options.isDraining() ? ('draining' as const) : ('ok' as const),
    version: packageJson.version,
    timestamp: new Date().toISOString(),
    environment: options.environment,
    container_id: options.containerId,
  })
  return new Elysia({ name: 'ops' })
    .get('/health', health, {
      response: { 200: HealthResponse },
      detail: { tags: ['Operations'], summary: 'Liveness: the process is up' },
    })
    .get(
      '/health/ready',
      ({ set }) => {
        if (options.isDraining()) set.status = 503
        return health()
      },
      {
        response: { 200: HealthResponse, 503: HealthResponse },
        detail: { tags: ['Operations'], summary: 'Readiness: 503 while shutting down' },
      },
    )
}
