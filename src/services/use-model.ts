import { parseKeepAlive } from '../translate/parse-keep-alive.ts'
import type { UpstreamModel } from '../upstream/upstream.ts'
import type { ModelActivity } from './model-activity.ts'
import type { ModelCatalog } from './model-catalog.ts'

/** Ollama's default keep_alive. */
const defaultKeepAliveMs = 5 * 60_000

/**
 * Resolves the model a request names (400 when absent, 404 when unknown) and records its use for
 * /api/ps, honouring the request's keep_alive.
 */
export async function useModel(
  catalog: ModelCatalog,
  activity: ModelActivity,
  request: { model?: string; keep_alive?: number | string },
): Promise<{ model: UpstreamModel; keepAliveMs: number }> {
  const model = await catalog.resolve(request.model)
  const keepAliveMs =
    request.keep_alive === undefined ? defaultKeepAliveMs : parseKeepAlive(request.keep_alive)
  activity.touch(model.id, keepAliveMs)
  return { model, keepAliveMs }
}
