import { OllamaError } from '../errors/ollama-error.ts'
import { readBodyText } from './read-body-text.ts'

/**
 * Request bodies are JSON whatever their Content-Type (Ollama's docs use `curl -d`, which sends
 * form encoding), and must be JSON objects. Compressed bodies are decompressed first.
 */
export async function parseJsonBody(request: Request): Promise<Record<string, unknown>> {
  const text = await readBodyText(request)
  if (text.trim() === '') throw OllamaError.badRequest('missing request body')
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (error) {
    throw OllamaError.badRequest(`invalid JSON in request body: ${(error as Error).message}`)
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw OllamaError.badRequest('invalid request body: expected a JSON object')
  }
  return body as Record<string, unknown>
}
