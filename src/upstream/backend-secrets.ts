/** Header names whose values are credentials (Azure's `api-key`, `Authorization`, `X-Token`…). */
const secretHeaderName = /key|token|secret|auth|password/i

/**
 * The values of a backend's configuration that must never be shown (logs, error bodies): its API
 * key, and the values of headers named like credentials.
 */
export function backendSecrets(backend: {
  apiKey: string
  headers?: Record<string, string>
}): string[] {
  const fromHeaders = Object.entries(backend.headers ?? {})
    .filter(([name]) => secretHeaderName.test(name))
    .map(([, value]) => value)
  return [backend.apiKey, ...fromHeaders].filter((secret) => secret.length >= 4)
}
