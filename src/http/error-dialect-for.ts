import type { ErrorDialect } from './error-body.ts'

/**
 * The error shape a path's surface speaks, the one place that decides it: OpenAI's error object
 * under `/v1/`, Ollama's `{"error": "…"}` everywhere else.
 */
export function errorDialectFor(path: string): ErrorDialect {
  return path.startsWith('/v1/') ? 'openai' : 'ollama'
}
