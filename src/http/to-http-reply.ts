import { NdjsonStream } from '../services/ndjson-stream.ts'
import type { StreamFraming, StreamResponder } from './stream-response.ts'

/** Ollama's stream framing: NDJSON, and a last `{"error": "…"}` line when it fails. */
export const ndjsonFraming: StreamFraming = {
  contentType: 'application/x-ndjson',
  failure: (error) => `${JSON.stringify({ error: error.message })}\n`,
}

/**
 * A service reply as HTTP: a stream becomes `application/x-ndjson`; a single object becomes one
 * line of compact JSON, with the content type Ollama sends (`application/json; charset=utf-8`).
 */
export function toHttpReply(reply: object, respond: StreamResponder): Response {
  if (reply instanceof NdjsonStream) return respond(reply.text, ndjsonFraming)
  return new Response(JSON.stringify(reply), {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  })
}
