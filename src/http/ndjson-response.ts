import type { OllamaError } from '../errors/ollama-error.ts'
import { toOllamaError } from '../errors/to-ollama-error.ts'

/** How a streamed response ended, for the request log. */
export type StreamOutcome =
  | { kind: 'completed' }
  | { kind: 'failed'; error: OllamaError }
  | { kind: 'aborted' }

const outcomes = new WeakMap<Response, Promise<StreamOutcome>>()

/** How the stream of a response made by `toNdjsonResponse` ended (undefined for other responses). */
export function streamOutcome(response: Response): Promise<StreamOutcome> | undefined {
  return outcomes.get(response)
}

/**
 * A streamed `application/x-ndjson` response of NDJSON text, each piece written to the socket as
 * soon as the source yields it (Bun's direct stream: no queue in between). A failure mid-stream
 * becomes a last `{"error": "…"}` line, so the stream never just stops; a client that goes away
 * stops the source (the upstream request is aborted by the request's signal).
 */
export function toNdjsonResponse(text: AsyncIterable<string>): Response {
  const { promise: outcome, resolve: settle } = Promise.withResolvers<StreamOutcome>()
  const iterator = text[Symbol.asyncIterator]()
  const body = new ReadableStream({
    type: 'direct',
    async pull(controller: ReadableStreamDirectController) {
      try {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
          controller.write(next.value)
          await controller.flush()
        }
        settle({ kind: 'completed' })
      } catch (error) {
        const failure = toOllamaError(error)
        settle({ kind: 'failed', error: failure })
        controller.write(`${JSON.stringify({ error: failure.message })}\n`)
      }
      controller.close()
    },
    async cancel() {
      settle({ kind: 'aborted' })
      await iterator.return?.()
    },
  })
  const response = new Response(body, {
    headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-cache' },
  })
  outcomes.set(response, outcome)
  return response
}
