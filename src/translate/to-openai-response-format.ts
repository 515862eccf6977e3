import type { ResponseFormatJSONObject, ResponseFormatJSONSchema } from 'openai/resources/shared'
import { OllamaError } from '../errors/ollama-error.ts'
import type { Format } from '../ollama/schemas.ts'

/**
 * Ollama's `format` as an OpenAI `response_format`: "json" is JSON mode, an object is a JSON Schema
 * for structured output (not `strict`: Ollama schemas need not meet OpenAI's strict subset).
 */
export function toOpenAIResponseFormat(
  format: Format | undefined,
): ResponseFormatJSONObject | ResponseFormatJSONSchema | undefined {
  if (format === undefined || format === null || format === '') return undefined
  if (format === 'json') return { type: 'json_object' }
  if (typeof format === 'string') {
    throw OllamaError.badRequest(
      `invalid format: ${JSON.stringify(format)}; expected "json" or a valid JSON Schema object`,
    )
  }
  return { type: 'json_schema', json_schema: { name: 'schema', schema: format } }
}
