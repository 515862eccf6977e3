import { Elysia } from 'elysia'
import type { Config } from './config/settings.ts'
import { apiDocs } from './docs/api-docs.ts'
import { cors } from './http/cors.ts'
import { toErrorBody } from './http/error-body.ts'
import { recordFailure, requestLog } from './http/request-log.ts'
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

  const app = new Elysia()
    .use(requestLog(logger))
    .use(cors(config.corsOrigins))
    .onError({ as: 'global' }, ({ code, error, path, request, set }) => {
      const failure = toHttpError({ code, error, path, pathHasOtherMethods: knownPaths.has(path) })
      recordFailure(request, failure)
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
    .use(
      openAIApi({
        upstream,
        catalog,
        dialect: profile.dialect,
        startedAt: Math.floor(startedAt.getTime() / 1000),
      }),
    )
    .use(apiDocs({ enabled: config.docs }))
  for (const route of app.routes) knownPaths.add(route.path)
  return app
}
