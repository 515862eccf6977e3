import { NdjsonStream } from '../services/ndjson-stream.ts'
import { toNdjsonResponse } from './ndjson-response.ts'

/**
 * A service reply as HTTP: a stream becomes `application/x-ndjson`; a single object becomes one
 * line of compact JSON, with the content type Ollama sends (`application/json; charset=utf-8`).
 */
export function toHttpReply(reply: object): Response {
  if (reply instanceof NdjsonStream) return toNdjsonResponse(reply.text)
  return new Response(JSON.stringify(reply), {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  })
}
