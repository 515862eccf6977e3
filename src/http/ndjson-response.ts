import { toOllamaError } from '../errors/to-ollama-error.ts'

/** How a streamed response ended, for the request log. */
export type StreamOutcome =
  | { kind: 'completed' }
  | { kind: 'failed'; error: string }
  | { kind: 'aborted' }

const outcomes = new WeakMap<Response, Promise<StreamOutcome>>()

/** How the stream of a response made by `toNdjsonResponse` ended (undefined for other responses). */
export function streamOutcome(response: Response): Promise<StreamOutcome> | undefined {
  return outcomes.get(response)
}

/**
 * A streamed `application/x-ndjson` response: one compact JSON object per line, each written as
 * soon as the source yields it. A failure mid-stream becomes a last `{"error": "…"}` line, so the
 * stream never just stops; a client that goes away stops the source (and with it the upstream).
 */
export function toNdjsonResponse(source: AsyncIterable<object>): Response {
  const iterator = source[Symbol.asyncIterator]()
  const { promise: outcome, resolve: settle } = Promise.withResolvers<StreamOutcome>()
  const body = new ReadableStream<string>({
    async pull(controller) {
      try {
        const next = await iterator.next()
        if (next.done) {
          settle({ kind: 'completed' })
          controller.close()
          return
        }
        controller.enqueue(`${JSON.stringify(next.value)}\n`)
      } catch (error) {
        const message = toOllamaError(error).message
        settle({ kind: 'failed', error: message })
        controller.enqueue(`${JSON.stringify({ error: message })}\n`)
        controller.close()
      }
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
