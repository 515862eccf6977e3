import type { ErrorDialect } from './error-body.ts'

/**
 * The error shape a path's surface speaks, the one place that decides it: Anthropic's under
 * `/v1/messages`, OpenAI's error object elsewhere under `/v1/`, Ollama's `{"error": "…"}`
 * everywhere else.
 */
export function errorDialectFor(path: string): ErrorDialect {
  if (path === '/v1/messages' || path.startsWith('/v1/messages/')) return 'anthropic'
  return path.startsWith('/v1/') ? 'openai' : 'ollama'
}
