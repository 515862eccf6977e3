import { APIError } from 'openai/core/error'
import type { OllamaError } from './ollama-error.ts'

/**
 * The backend's own error code behind a failure (OpenAI's `error.code`, e.g.
 * `context_length_exceeded`), when it sent one: OpenAI clients such as Codex act on it.
 */
export function upstreamErrorCode(error: OllamaError): string | undefined {
  const cause = error.cause
  if (!(cause instanceof APIError)) return undefined
  return typeof cause.code === 'string' && cause.code !== '' ? cause.code : undefined
}
