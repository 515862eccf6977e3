import { Elysia } from 'elysia'
import type { Config } from './config/settings.ts'
import { apiDocs } from './docs/api-docs.ts'
import { clientAuth } from './http/client-auth.ts'
import { cors } from './http/cors.ts'
import { toErrorBody } from './http/error-body.ts'
import { errorDialectFor } from './http/error-dialect-for.ts'
import { hostCheck } from './http/host-check.ts'
import { normalizeRequest } from './http/normalize-request.ts'
import { requestLimits } from './http/request-limits.ts'
import { requestLog } from './http/request-log.ts'
import { toHttpError } from './http/to-http-error.ts'
import type { Logger } from './log/logger.ts'
import { ollamaApi } from './ollama/routes.ts'
import { openAIApi } from './openai-compat/routes.ts'
import { opsApi } from './ops/routes.ts'
import { EmbeddingService } from './services/embedding-service.ts'
import { GenerationService } from './services/generation-service.ts'
import { ModelActivity } from './services/model-activity.ts'
import { ModelCatalog } from './services/model-catalog.ts'
import { ModelService } from './services/model-service.ts'
import type { Upstream } from './upstream/upstream.ts'
import { resolveDialect } from './upstream/upstream-profile.ts'

export interface AppDeps {
  config: Config
  upstream: Upstream
  logger: Logger
  /** The container id reported by /health (Docker sets HOSTNAME to it). */
  containerId?: string
  /** Whether shutdown has begun (readiness then fails). */
  isDraining?: () => boolean
}

/** The whole HTTP API, without listening: `main.ts` serves it, tests call `app.handle()`. */
export function createApp(deps: AppDeps) {
  const { config, upstream, logger } = deps
  const activity = new ModelActivity()
  const catalog = new ModelCatalog({
    upstream,
    ttlMs: config.modelsCacheTtl * 1000,
    staticModels: config.models,
    logger,
  })
  const profile = {
    dialect: resolveDialect(config.dialect, config.baseUrl),
    maxTokensParam: config.maxTokensParam,
    streamUsage: config.streamUsage,
  }
  const startedAt = new Date()
  const knownPaths = new Set<string>()
  const auth = clientAuth(config.apiKeys)

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
    .use(requestLog(logger, auth.clientOf))
    .use(hostCheck(config.host, config.allowedHosts))
    .use(cors(config.corsOrigins))
    .use(auth.plugin)
    .use(
      requestLimits({
        maxBodyBytes: config.maxBodySize,
        maxConcurrent: config.maxConcurrentRequests,
      }),
    )
    .onError({ as: 'global' }, ({ code, error, path, set }) => {
      const failure = toHttpError({ code, error, path, pathHasOtherMethods: knownPaths.has(path) })
      // 500 is a bug of ours (upstream failures are 502/504, and in the request log anyway).
      if (failure.status === 500)
        logger.error('request failed', { path, error: failure.cause ?? error })
      set.status = failure.status
      Object.assign(set.headers, failure.headers)
      return toErrorBody(failure, errorDialectFor(path))
    })
    .use(
      opsApi({
        environment: config.environment,
        containerId: deps.containerId ?? '',
        isDraining: deps.isDraining ?? (() => false),
      }),
    )
    .use(
      ollamaApi({
        generation: new GenerationService({ upstream, catalog, activity, profile }),
        embedding: new EmbeddingService({ upstream, catalog, activity }),
        models: new ModelService({
          catalog,
          activity,
          contextLength: config.contextLength,
          upstreamLabel: upstream.label,
          startedAt,
        }),
        ollamaVersion: config.ollamaVersion,
      }),
    )
    .use(openAIApi({ upstream, catalog, startedAt: Math.floor(startedAt.getTime() / 1000) }))
    .use(apiDocs({ enabled: config.docs, clientKeys: config.apiKeys.length > 0 }))
  for (const route of app.routes) knownPaths.add(route.path)
  return app
}
