/** Origins Ollama allows by default: local pages and desktop/editor webviews. */
const localOrigin = /^https?:\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(:\d+)?$/
const appSchemes = ['app:', 'file:', 'tauri:', 'vscode-webview:', 'vscode-file:']

/**
 * Which browser origins may call the API, as Ollama decides (OLLAMA_ORIGINS here is CORS_ORIGINS):
 * local pages and app webviews always; configured origins, with `*` wildcards, in addition.
 */
export function createOriginPolicy(extraOrigins: readonly string[]): (origin: string) => boolean {
  const patterns = extraOrigins.map(
    (origin) => new RegExp(`^${origin.split('*').map(RegExp.escape).join('.*')}$`, 'i'),
  )
  return (origin) =>
    localOrigin.test(origin) ||
    appSchemes.some((scheme) => origin.startsWith(scheme)) ||
    patterns.some((pattern) => pattern.test(origin))
}
