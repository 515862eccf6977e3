import { anyGlob } from '../config/any-glob.ts'
import type { ModelAccess } from './model-router.ts'

/** What a client key may use: model names (globs) and backends; absent means any. */
export interface AccessScope {
  /** Globs over the names clients use (listed names with their prefix, aliases). */
  models?: readonly string[]
  /** Backend names. */
  backends?: readonly string[]
}

/**
 * The access of a client key limited to a scope: a route is allowed when its name matches one of
 * the model globs and its backend is one of the backends. Models it may not use are not listed and
 * answer 404, as if they did not exist.
 */
export function modelAccess(scope: AccessScope): ModelAccess {
  const nameAllowed = scope.models ? anyGlob(scope.models) : () => true
  const backends = scope.backends && new Set(scope.backends)
  return (route) => nameAllowed(route.name) && (backends?.has(route.backend.id) ?? true)
}
