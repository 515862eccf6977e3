import { Elysia, t } from 'elysia'
import packageJson from '../../package.json' with { type: 'json' }

export interface OpsOptions {
  environment: string
  /** The container's id: Docker and Kubernetes set HOSTNAME to it. */
  containerId: string
  /** True once shutdown has begun: readiness then fails so traffic moves elsewhere. */
  isDraining: () => boolean
}

export const HealthResponse = t.Object(
  {
    status: t.Union([t.Literal('ok'), t.Literal('draining')], {
      description: 'draining once shutdown has begun',
    }),
    version: t.String({
      description: 'Version of ollama-openai-proxy',
      examples: [packageJson.version],
    }),
    timestamp: t.String({ format: 'date-time', description: 'Now, on the server' }),
    environment: t.String({ description: 'The ENVIRONMENT setting', examples: ['production'] }),
    container_id: t.String({
      description: 'The container id (HOSTNAME); empty outside a container',
      examples: ['3f4e1c2b9a0d'],
    }),
  },
  {
    description: 'Up (status ok), or shutting down (status draining)',
    examples: [
      {
        status: 'ok',
        version: packageJson.version,
        timestamp: '2025-07-07T20:22:19.400Z',
        environment: 'production',
        container_id: '3f4e1c2b9a0d',
      },
    ],
  },
)

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
      detail: {
        tags: ['Operations'],
        summary: 'Liveness: the process is up',
        description: 'Always 200 while the process serves requests, even while draining.',
      },
    })
    .get(
      '/health/ready',
      ({ set }) => {
        if (options.isDraining()) set.status = 503
        return health()
      },
      {
        response: {
          200: HealthResponse,
          503: t.Object(HealthResponse.properties, {
            description: 'Shutting down (status draining): send traffic elsewhere',
            examples: [{ ...HealthResponse.examples[0], status: 'draining' }],
          }),
        },
        detail: {
          tags: ['Operations'],
          summary: 'Readiness: 503 while shutting down',
          description:
            'For load balancers and Kubernetes readiness probes: 200 while serving, 503 from the moment shutdown begins.',
        },
      },
    )
}
