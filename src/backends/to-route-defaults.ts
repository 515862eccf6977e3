import type { ThinkSetting } from '../core/generation-request.ts'
import type { Options } from '../ollama/schemas.ts'
import { toSampling } from '../translate/to-sampling.ts'
import type { RouteDefaults } from './routing-spec.ts'

/** An alias's options as route defaults: Ollama options as sampling, `think`, num_ctx. */
export function toRouteDefaults(options: Options & { think?: ThinkSetting }): RouteDefaults {
  const { think, num_ctx } = options
  return {
    sampling: toSampling(options),
    ...(think !== undefined && { think }),
    ...(num_ctx !== undefined && num_ctx > 0 && { contextLength: Math.trunc(num_ctx) }),
    options,
  }
}
