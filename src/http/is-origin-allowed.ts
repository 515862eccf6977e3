import { anyGlob } from '../config/any-glob.ts'

/** Origins Ollama allows by default: local pages and desktop/editor webviews. */
const localOrigin = /^https?:\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(:\d+)?$/
const appSchemes = ['app:', 'file:', 'tauri:', 'vscode-webview:', 'vscode-file:']

/**
 * Which browser origins may call the API, as Ollama decides (OLLAMA_ORIGINS here is CORS_ORIGINS):
 * local pages and app webviews always; configured origins, with `*` wildcards, in addition; and a
 * page this server served itself (its origin names the request's Host: `/swagger` opened at the
 * server's network address).
 */
export function createOriginPolicy(
  extraOrigins: readonly string[],
): (origin: string, host?: string | null) => boolean {
  const allowed = anyGlob(extraOrigins)
  return (origin, host) =>
    localOrigin.test(origin) ||
    appSchemes.some((scheme) => origin.startsWith(scheme)) ||
    allowed(origin) ||
    isSameOrigin(origin, host)
}

function isSameOrigin(origin: string, host: string | null | undefined): boolean {
  const url = URL.parse(origin)
  return (
    host != null &&
    url !== null &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.origin === origin.toLowerCase() &&
    url.host === host.toLowerCase()
  )
}
