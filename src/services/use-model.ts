import type { ModelAccess, ModelRoute, ModelRouter } from '../backends/model-router.ts'
import { parseKeepAlive } from '../translate/parse-keep-alive.ts'
import { defaultKeepAliveMs, type ModelActivity } from './model-activity.ts'

/**
 * Resolves the model a request names (400 when absent, 404 when unknown) and records its use for
 * /api/ps, honouring the request's keep_alive.
 */
export async function useModel(
  router: ModelRouter,
  activity: ModelActivity,
  request: { model?: string; keep_alive?: number | string },
  access?: ModelAccess,
): Promise<{ route: ModelRoute; keepAliveMs: number }> {
  const [route] = (await router.resolve(request.model, access)) as [ModelRoute]
  const keepAliveMs =
    request.keep_alive === undefined ? defaultKeepAliveMs : parseKeepAlive(request.keep_alive)
  activity.touch(route.name, keepAliveMs)
  return { route, keepAliveMs }
}
