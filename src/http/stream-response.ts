import type { OllamaError } from '../errors/ollama-error.ts'
import { toOllamaError } from '../errors/to-ollama-error.ts'

/** How a streamed response ended, for the request log. */
export type StreamOutcome =
  | { kind: 'completed' }
  | { kind: 'failed'; error: OllamaError }
  | { kind: 'aborted' }

/** How one surface frames its stream. */
export interface StreamFraming {
  contentType: string
  /** The terminal frame written when the stream fails after it started. */
  failure(error: OllamaError): string
  /**
   * What to write while the source is silent, so that clients and proxies keep the connection
   * ('' when nothing can be written now).
   */
  keepAlive?(): string
}

/** An open stream that wants keep-alives. */
interface Watched {
  lastWriteAt: number
  sendKeepAlive(): void
}

const outcomes = new WeakMap<Response, Promise<StreamOutcome>>()

/** How the stream of a response made by a `StreamResponder` ended (undefined for other responses). */
export function streamOutcome(response: Response): Promise<StreamOutcome> | undefined {
  return outcomes.get(response)
}

export type StreamResponder = (
  text: AsyncIterable<string | Uint8Array>,
  framing: StreamFraming,
) => Response

/**
 * Streamed responses: each piece of text is written to the socket as soon as the source yields it
 * (Bun's direct stream: no queue in between). A failure mid-stream becomes the surface's terminal
 * error frame, so a stream never just stops; a client that goes away stops the source (the upstream
 * request is aborted by the request's signal). Streams whose framing has keep-alives get one after
 * `keepAliveMs` of silence, from one timer shared by every open stream.
 */
export function createStreamResponder(options: {
  keepAliveMs: number
  /** Applied to every error before it is written (secrets never leave the process). */
  redact?: (error: OllamaError) => OllamaError
}): StreamResponder {
  const redact = options.redact ?? ((error: OllamaError) => error)
  const watched = new Set<Watched>()
  let ticker: Timer | undefined
  const tick = () => {
    const due = Date.now() - options.keepAliveMs
    for (const stream of watched) if (stream.lastWriteAt <= due) stream.sendKeepAlive()
  }
  const watch = (stream: Watched) => {
    watched.add(stream)
    ticker ??= setInterval(tick, Math.max(100, options.keepAliveMs / 4)).unref()
  }
  const unwatch = (stream: Watched) => {
    watched.delete(stream)
    if (watched.size === 0 && ticker !== undefined) {
      clearInterval(ticker)
      ticker = undefined
    }
  }

  return (text, framing) => {
    const { promise: outcome, resolve: settle } = Promise.withResolvers<StreamOutcome>()
    const iterator = text[Symbol.asyncIterator]()
    let stream: Watched | undefined
    const body = new ReadableStream({
      type: 'direct',
      async pull(controller: ReadableStreamDirectController) {
        if (framing.keepAlive) {
          stream = {
            lastWriteAt: Date.now(),
            sendKeepAlive() {
              this.lastWriteAt = Date.now()
              // Called on the framing: a surface's framing may be its stream encoder, with state.
              const text = framing.keepAlive?.() ?? ''
              if (text === '') return
              controller.write(text)
              controller.flush()
            },
          }
          watch(stream)
        }
        try {
          for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
            if (stream) stream.lastWriteAt = Date.now()
            controller.write(next.value)
            await controller.flush()
          }
          settle({ kind: 'completed' })
        } catch (error) {
          const failure = redact(toOllamaError(error))
          settle({ kind: 'failed', error: failure })
          controller.write(framing.failure(failure))
        } finally {
          if (stream) unwatch(stream)
        }
        controller.close()
      },
      async cancel() {
        if (stream) unwatch(stream)
        settle({ kind: 'aborted' })
        await iterator.return?.()
      },
    })
    const response = new Response(body, {
      headers: { 'content-type': framing.contentType, 'cache-control': 'no-cache' },
    })
    outcomes.set(response, outcome)
    return response
  }
}
