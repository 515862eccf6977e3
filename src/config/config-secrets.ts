import type { Config } from './settings.ts'

/**
 * Every secret the settings hold, as text that must never leave the process: the API key, the
 * credentials of a base URL such as `http://user:pass@host/v1` (with and without decoding), and
 * the client keys.
 */
export function configSecrets(config: Pick<Config, 'apiKey' | 'baseUrl' | 'apiKeys'>): string[] {
  const secrets = [config.apiKey, ...config.apiKeys.map((client) => client.key)]
  const url = URL.parse(config.baseUrl)
  if (url?.password) {
    secrets.push(url.password, decodeURIComponent(url.password), `${url.username}:${url.password}`)
  }
  return secrets.filter((secret) => secret !== '')
}
