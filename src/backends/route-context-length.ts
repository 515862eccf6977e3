import { modelContextLength } from '../translate/model-context-length.ts'
import type { ModelRoute } from './model-router.ts'

/**
 * The context length reported for a route: its alias's num_ctx, else its backend's configured
 * `context_length`, else what the backend lists for the model, else `fallback` (CONTEXT_LENGTH).
 */
export function routeContextLength(route: ModelRoute, fallback: number): number {
  return (
    route.defaults?.contextLength ??
    route.backend.contextLength ??
    modelContextLength(route.model, fallback)
  )
}
