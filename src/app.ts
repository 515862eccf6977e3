import { Elysia } from 'elysia'
import { FallbackChain } from './backends/fallback-chain.ts'
import type { ModelRoute, ModelRouter } from './backends/model-router.ts'
import type { Config } from './config/settings.ts'
import { GenerationPipeline } from './core/generation-pipeline.ts'
import { apiDocs } from './docs/api-docs.ts'
import { cors } from './http/cors.ts'
import { toErrorBody } from './http/error-body.ts'
import { requestLog } from './http/request-log.ts'
import { createStreamResponder } from './http/stream-response.ts'
import { toHttpError } from './http/to-http-error.ts'
import type { Logger } from './log/logger.ts'
import { ProxyMetrics } from './metrics/proxy-metrics.ts'
import { metricsApi } from './metrics/routes.ts'
import { ollamaApi } from './ollama/routes.ts'
import { openAIApi } from './openai-compat/routes.ts'
import { opsApi } from './ops/routes.ts'
import { EmbeddingService } from './services/embedding-service.ts'
import { GenerationService } from './services/generation-service.ts'
import { ModelActivity } from './services/model-activity.ts'
import { ModelService } from './services/model-service.ts'

export interface AppDeps {
  config: Config
  /** Model names to backends (`BackendRouter`; serve swaps its table on reload). */
  router: ModelRouter
  /** Made for the router when not given. */
  metrics?: ProxyMetrics
  logger: Logger
  /** The container id reported by /health (Docker sets HOSTNAME to it). */
  containerId?: string
  /** Whether shutdown has begun (readiness then fails). */
  isDraining?: () => boolean
}

/**
 * How long a streamed answer may stay silent before a keep-alive goes out (SSE surfaces), and how
 * long a generation waits for its first output before its response starts anyway.
 */
const keepAliveMs = 10_000

/** The whole HTTP API, without listening: `main.ts` serves it, tests call `app.handle()`. */
export function createApp(deps: AppDeps) {
  const { config, router, logger } = deps
  const metrics = deps.metrics ?? new ProxyMetrics(() => router.backends())
  const activity = new ModelActivity()
  const served = new WeakMap<AbortSignal, ModelRoute>()
  const chain = new FallbackChain({ logger, metrics, served })
  const pipeline = new GenerationPipeline({
    router,
    activity,
    chain,
    metrics,
    firstOutputWaitMs: keepAliveMs,
  })
  const respond = createStreamResponder({ keepAliveMs })
  const startedAt = new Date()
  const knownPaths = new Set<string>()

  const app = new Elysia()
    .use(requestLog({ logger, metrics, served }))
    .use(cors(config.corsOrigins))
    // Generations may take minutes before and between outputs: the server's idle timeout is for
    // clients that are slow to send their request, not for the upstream.
    .onBeforeHandle({ as: 'global' }, ({ request, server }) => {
      if (request.method === 'POST') server?.timeout(request, 0)
    })
    .onError({ as: 'global' }, ({ code, error, path, set }) => {
      const failure = toHttpError({ code, error, path, pathHasOtherMethods: knownPaths.has(path) })
      // 500 is a bug of ours (upstream failures are 502/504, and in the request log anyway).
      if (failure.status === 500)
        logger.error('request failed', { path, error: failure.cause ?? error })
      set.status = failure.status
      Object.assign(set.headers, failure.headers)
      return toErrorBody(failure, path.startsWith('/v1/') ? 'openai' : 'ollama')
    })
    .use(
      opsApi({
        environment: config.environment,
        containerId: deps.containerId ?? '',
        isDraining: deps.isDraining ?? (() => false),
        backends: () => router.backends(),
      }),
    )
    .use(metricsApi(metrics))
    .use(
      ollamaApi({
        generation: new GenerationService({ pipeline, router, activity }),
        embedding: new EmbeddingService({ router, activity, chain }),
        models: new ModelService({
          router,
          activity,
          contextLength: config.contextLength,
          startedAt,
        }),
        ollamaVersion: config.ollamaVersion,
        respond,
      }),
    )
    .use(openAIApi({ router, chain, startedAt: Math.floor(startedAt.getTime() / 1000) }))
    .use(apiDocs({ enabled: config.docs }))
  for (const route of app.routes) knownPaths.add(route.path)
  return app
}
