import { OllamaError } from '../errors/ollama-error.ts'
import { exceedsJsonDepth } from './exceeds-json-depth.ts'
import { makePrintable } from './make-printable.ts'
import { readBodyText } from './read-body-text.ts'

/** Deepest nesting of objects and arrays accepted in a body (as serde_json's default). */
export const MAX_JSON_DEPTH = 128

/**
 * Request bodies are JSON whatever their Content-Type (Ollama's docs use `curl -d`, which sends
 * form encoding), and must be JSON objects nested at most MAX_JSON_DEPTH deep. Compressed bodies
 * are decompressed first; their size is bounded before this (`limitBody`, the Content-Length
 * check).
 */
export async function parseJsonBody(request: Request): Promise<Record<string, unknown>> {
  const text = await readBodyText(request)
  if (text.trim() === '') throw OllamaError.badRequest('missing request body')
  if (exceedsJsonDepth(text, MAX_JSON_DEPTH)) {
    throw OllamaError.badRequest(
      `invalid JSON in request body: nested more than ${MAX_JSON_DEPTH} levels deep`,
    )
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (error) {
    throw OllamaError.badRequest(`invalid JSON in request body: ${(error as Error).message}`)
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw OllamaError.badRequest('invalid request body: expected a JSON object')
  }
  return makePrintable(body as Record<string, unknown>)
}
