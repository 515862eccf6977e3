import { Elysia } from 'elysia'
import { anthropicApi } from './anthropic/routes.ts'
import { FallbackChain } from './backends/fallback-chain.ts'
import type { ModelRoute, ModelRouter } from './backends/model-router.ts'
import { shuttingDown } from './cli/create-shutdown.ts'
import type { Config } from './config/settings.ts'
import { GenerationPipeline } from './core/generation-pipeline.ts'
import { apiDocs } from './docs/api-docs.ts'
import { createRedactor } from './errors/create-redactor.ts'
import type { OllamaError } from './errors/ollama-error.ts'
import { redactError } from './errors/redact-error.ts'
import { clientAuth } from './http/client-auth.ts'
import { cors } from './http/cors.ts'
import { toErrorBody } from './http/error-body.ts'
import { errorDialectFor } from './http/error-dialect-for.ts'
import { hostCheck } from './http/host-check.ts'
import { isHealthPath, isOpenPath } from './http/is-open-path.ts'
import { normalizeRequest } from './http/normalize-request.ts'
import { pathOf } from './http/path-of.ts'
import { requestLimits } from './http/request-limits.ts'
import { recordFailure, requestLog } from './http/request-log.ts'
import { retryAdvice } from './http/retry-advice.ts'
import { createStreamResponder } from './http/stream-response.ts'
import { toHttpError } from './http/to-http-error.ts'
import type { Logger } from './log/logger.ts'
import { ProxyMetrics } from './metrics/proxy-metrics.ts'
import { metricsApi } from './metrics/routes.ts'
import { ollamaApi } from './ollama/routes.ts'
import { openAIApi } from './openai-compat/routes.ts'
import { opsApi } from './ops/routes.ts'
import { ResponsesService } from './responses/responses-service.ts'
import { responsesApi } from './responses/routes.ts'
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
  /** Text that must never leave the process (the logger's list: a reload adds to it). */
  secrets?: string[]
  /** The container id reported by /health (Docker sets HOSTNAME to it). */
  containerId?: string
  /** Whether shutdown has begun (readiness then fails). */
  isDraining?: () => boolean
}

/** The whole HTTP API, without listening: `main.ts` serves it, tests call `app.handle()`. */
export function createApp(deps: AppDeps) {
  const { config, router, logger } = deps
  const metrics = deps.metrics ?? new ProxyMetrics(() => router.backends())
  const activity = new ModelActivity()
  const served = new WeakMap<AbortSignal, ModelRoute>()
  const chain = new FallbackChain({ logger, metrics, served })
  // How long a streamed answer may stay silent before a keep-alive goes out (SSE surfaces), and how
  // long a generation waits for its first output before its response starts anyway.
  const keepAliveMs = config.keepAliveInterval * 1000
  const pipeline = new GenerationPipeline({ router, activity, chain, metrics })
  const redactText = createRedactor(deps.secrets ?? [])
  const redact = (error: OllamaError) => redactError(error, redactText)
  const respond = createStreamResponder({ keepAliveMs, redact })
  const startedAt = new Date()
  const knownPaths = new Set<string>()
  const openWithoutKey = (path: string) =>
    isOpenPath(path) || (config.metricsPublic && path === '/metrics')
  const auth = clientAuth(config.apiKeys, openWithoutKey)
  const accessOf = (request: Request) => router.accessOf(auth.clientOf(request))

  const isDraining = deps.isDraining ?? (() => false)
  // Every request passes these hooks in this order, before any route: each refuses with its
  // status in the surface's error shape (the onError below) without touching the upstream.
  const app = new Elysia({
    // One instance per port (Elysia would share it with another process), and no body limit of
    // Bun's own: it would answer 413 with no body; `normalizeRequest`/`requestLimits` apply ours.
    serve: { reusePort: false, maxRequestBodySize: Number.MAX_SAFE_INTEGER },
  })
    .use(
      normalizeRequest({
        maxBodyBytes: config.maxBodySize,
        dispatch: (request): Promise<Response> => app.handle(request),
      }),
    )
    .use(requestLog({ logger, metrics, served, clientOf: auth.clientOf }))
    // While shutting down, only the health endpoints answer: clients retry elsewhere on a 503.
    .onRequest(({ request }) => {
      if (isDraining() && !isHealthPath(pathOf(request.url))) throw shuttingDown()
    })
    .use(hostCheck(config.host, config.allowedHosts))
    .use(cors(config.corsOrigins))
    .use(auth.plugin)
    .use(
      requestLimits({
        maxBodyBytes: config.maxBodySize,
        maxConcurrent: config.maxConcurrentRequests,
      }),
    )
    // Generations may take minutes before and between outputs: the server's idle timeout is for
    // clients that are slow to send their request, not for the upstream.
    .onBeforeHandle({ as: 'global' }, ({ request, server }) => {
      if (request.method === 'POST') server?.timeout(request, 0)
    })
    .onError({ as: 'global' }, ({ code, error, path, request, set }) => {
      const failure = redact(
        toHttpError({ code, error, path, pathHasOtherMethods: knownPaths.has(path) }),
      )
      recordFailure(request, failure)
      // 500 is a bug of ours (upstream failures are 502/504, and in the request log anyway).
      if (failure.status === 500)
        logger.error('request failed', { path, error: failure.cause ?? error })
      set.status = failure.status
      Object.assign(set.headers, failure.headers, retryAdvice(failure))
      return toErrorBody(failure, errorDialectFor(path))
    })
    .use(
      opsApi({
        environment: config.environment,
        containerId: deps.containerId ?? '',
        isDraining,
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
        accessOf,
      }),
    )
    .use(
      openAIApi({
        router,
        chain,
        respond,
        accessOf,
        startedAt: Math.floor(startedAt.getTime() / 1000),
      }),
    )
    .use(anthropicApi({ pipeline, respond, keepAliveMs, accessOf }))
    .use(
      responsesApi({
        responses: new ResponsesService({ pipeline, respond, keepAliveMs }),
        accessOf,
      }),
    )
    .use(
      apiDocs({
        enabled: config.docs,
        ...(config.apiKeys.length > 0 && { openWithoutKey }),
      }),
    )
  for (const route of app.routes) knownPaths.add(route.path)
  return app
}
