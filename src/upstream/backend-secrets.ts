/** Header names whose values are credentials (Azure's `api-key`, `Authorization`, `X-Token`…). */
const secretHeaderName = /key|token|secret|auth|password/i

/**
 * The values of a backend's configuration that must never be shown (logs, error bodies): its API
 * key, the values of headers named like credentials, and the credentials of a base URL such as
 * `http://user:pass@host/v1` (with and without decoding).
 */
export function backendSecrets(backend: {
  apiKey: string
  baseUrl: string
  headers?: Record<string, string>
}): string[] {
  const fromHeaders = Object.entries(backend.headers ?? {})
    .filter(([name]) => secretHeaderName.test(name))
    .map(([, value]) => value)
  const url = URL.parse(backend.baseUrl)
  const fromUrl = url?.password
    ? [url.password, decodeURIComponent(url.password), `${url.username}:${url.password}`]
    : []
  return [backend.apiKey, ...fromHeaders, ...fromUrl].filter((secret) => secret.length >= 4)
}
