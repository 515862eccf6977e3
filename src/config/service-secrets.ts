import { backendSecrets } from '../upstream/backend-secrets.ts'
import type { ServiceConfig } from './load-service-config.ts'

/**
 * Every secret of a loaded configuration, as text that must never leave the process: the client
 * keys, and every backend's (its key, credential headers, base-URL credentials).
 */
export function serviceSecrets({ config, routing }: ServiceConfig): string[] {
  const clientKeys = config.apiKeys.map((client) => client.key)
  return [...new Set([...clientKeys, ...routing.backends.flatMap(backendSecrets)])]
}
