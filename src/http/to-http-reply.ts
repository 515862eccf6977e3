import { toNdjsonResponse } from './ndjson-response.ts'

/**
 * A service reply as HTTP: a stream becomes NDJSON; a single object becomes one line of compact
 * JSON, with the content type Ollama sends (`application/json; charset=utf-8`).
 */
export function toHttpReply<T extends object>(reply: T | AsyncIterable<T>): Response {
  if (Symbol.asyncIterator in reply) return toNdjsonResponse(reply as AsyncIterable<T>)
  return new Response(JSON.stringify(reply), {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  })
}
