/** The API surface a path belongs to, as the requests metric labels it. */
export function surfaceOf(path: string): string {
  if (path === '/' || path.startsWith('/api/')) return 'ollama'
  if (path.startsWith('/v1/messages')) return 'anthropic'
  if (path.startsWith('/v1/responses')) return 'responses'
  if (path.startsWith('/v1/')) return 'openai'
  if (path === '/metrics' || path.startsWith('/health')) return 'ops'
  return 'other'
}
