import { Elysia, t } from 'elysia'
import packageJson from '../../package.json' with { type: 'json' }
import type { BackendStatus } from '../backends/model-router.ts'

export interface OpsOptions {
  environment: string
  /** The container's id: Docker and Kubernetes set HOSTNAME to it. */
  containerId: string
  /** True once shutdown has begun: readiness then fails so traffic moves elsewhere. */
  isDraining: () => boolean
  /** The backends and how they are doing, for readiness details. */
  backends: () => BackendStatus[]
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

const BackendHealth = t.Object({
  name: t.String({ description: 'The backend, as configured', examples: ['openai'] }),
  status: t.Union([t.Literal('ok'), t.Literal('unavailable')], {
    description: 'unavailable: its model list cannot be had, its models are left out of the lists',
  }),
  circuit: t.Union([t.Literal('closed'), t.Literal('open'), t.Literal('half_open')], {
    description: 'open: failing repeatedly, skipped until its cool-down has passed',
  }),
  models: t.Number({ description: 'Models it offers' }),
  error: t.Optional(t.String({ description: 'Why its model list could not be fetched last time' })),
})

const ReadyResponse = t.Object(
  {
    ...HealthResponse.properties,
    backends: t.Array(BackendHealth, {
      description: 'Each backend: details only, readiness does not depend on them',
    }),
  },
  {
    description: 'Serving (status ok): backends in detail',
    examples: [
      {
        ...HealthResponse.examples[0],
        backends: [
          { name: 'openai', status: 'ok', circuit: 'closed', models: 42 },
          {
            name: 'local',
            status: 'unavailable',
            circuit: 'closed',
            models: 0,
            error: 'the upstream cannot be reached: Unable to connect',
          },
        ],
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
        return {
          ...health(),
          backends: options.backends().map(({ backend, available, models, error }) => ({
            name: backend.id,
            status: available ? ('ok' as const) : ('unavailable' as const),
            circuit: backend.breaker.state(),
            models,
            ...(error !== undefined && { error }),
          })),
        }
      },
      {
        response: {
          200: ReadyResponse,
          503: t.Object(ReadyResponse.properties, {
            description: 'Shutting down (status draining): send traffic elsewhere',
            examples: [{ ...ReadyResponse.examples[0], status: 'draining' }],
          }),
        },
        detail: {
          tags: ['Operations'],
          summary: 'Readiness: 503 while shutting down',
          description:
            'For load balancers and Kubernetes readiness probes: 200 while serving, 503 from the moment shutdown begins. `backends` says how each backend is doing (a backend that is down does not make the server unready: its models are left out, the others are served).',
        },
      },
    )
}
