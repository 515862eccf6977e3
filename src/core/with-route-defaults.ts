import type { RouteDefaults } from '../backends/routing-spec.ts'
import type { GenerationRequest, Sampling } from './generation-request.ts'

/**
 * A request with its route's defaults (an alias's options) filled in where the request itself
 * says nothing: sampling controls one by one, and `think`.
 */
export function withRouteDefaults<Request extends GenerationRequest>(
  request: Request,
  defaults: RouteDefaults | undefined,
): Request {
  if (defaults === undefined) return request
  const sampling: Sampling = { ...defaults.sampling }
  for (const [key, value] of Object.entries(request.sampling) as [keyof Sampling, never][]) {
    if (value !== undefined) sampling[key] = value
  }
  const withDefaults = { ...request, sampling }
  if (
    withDefaults.kind === 'chat' &&
    withDefaults.think === undefined &&
    defaults.think !== undefined
  ) {
    withDefaults.think = defaults.think
  }
  return withDefaults
}
