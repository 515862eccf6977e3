/**
 * The benchmark's fake OpenAI-compatible upstream, run as a process of its own (so it does not
 * share a CPU thread with the load generator): `bun bench/fake-upstream.ts`. It listens on
 * 127.0.0.1 (port `BENCH_UPSTREAM_PORT`, else any free one) and prints `{"port": …}` on stdout.
 *
 * - `GET /v1/models`: one model, `bench`.
 * - `POST /v1/chat/completions`: `max_tokens` (Ollama's `options.num_predict`) tokens, default 200.
 *   Streamed (`stream: true`) as OpenAI does — a role chunk, one chunk per token, a finish chunk,
 *   a usage chunk when `stream_options.include_usage`, `[DONE]` — or one JSON answer.
 *   The pace comes from the last message, `delay=<ms>`: 0 (default) writes the whole stream at
 *   once from pre-built strings, the fastest a server can go; more sends the first token at once
 *   and each further one `<ms>` later, as a model generating at that speed would.
 *
 * The request body is parsed as JSON, as any server must. Nothing else is validated: the strict
 * fake used by the tests lives in test/support/fake-openai.ts.
 */

const model = 'bench'
const created = 1_735_689_600
const words = [' The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', '.']

interface PlannedStream {
  /** The role chunk and the first token's chunk. */
  head: string
  /** The chunks of the second to last tokens, one each. */
  tokens: string[]
  /** The finish chunk, the usage chunk and `[DONE]`. */
  tail: string
  /** The whole stream: what the unpaced stream writes. */
  joined: string
}

/** One `data:` event of a chat completion chunk. */
function chunkEvent(delta: object, finishReason: string | null, usage?: object): string {
  const chunk = {
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created,
    model,
    system_fingerprint: null,
    choices: usage ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(usage && { usage }),
  }
  return `data: ${JSON.stringify(chunk)}\n\n`
}

function usageOf(tokens: number) {
  return { prompt_tokens: 12, completion_tokens: tokens, total_tokens: 12 + tokens }
}

const planned = new Map<string, PlannedStream>()

/** The events of a stream of `tokens` tokens, built once per shape. */
function planStream(tokens: number, includeUsage: boolean): PlannedStream {
  const key = `${tokens}:${includeUsage}`
  const cached = planned.get(key)
  if (cached) return cached
  const chunks: string[] = []
  for (let index = 0; index < tokens; index++) {
    chunks.push(chunkEvent({ content: words[index % words.length] }, null))
  }
  const head = chunkEvent({ role: 'assistant', content: '' }, null) + chunks[0]
  const tail =
    chunkEvent({}, 'stop') +
    (includeUsage ? chunkEvent({}, null, usageOf(tokens)) : '') +
    'data: [DONE]\n\n'
  const rest = chunks.slice(1)
  const stream = { head, tokens: rest, tail, joined: head + rest.join('') + tail }
  planned.set(key, stream)
  return stream
}

function wholeAnswer(tokens: number): string {
  let content = ''
  for (let index = 0; index < tokens; index++) content += words[index % words.length]
  return JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created,
    model,
    system_fingerprint: null,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: usageOf(tokens),
  })
}

interface ChatBody {
  max_tokens?: number
  stream?: boolean
  stream_options?: { include_usage?: boolean }
  messages?: { content?: unknown }[]
}

/** `delay=<ms>` in the last message's text; 0 when absent. */
function delayOf(body: ChatBody): number {
  const text = body.messages?.at(-1)?.content
  if (typeof text !== 'string') return 0
  const match = /delay=(\d+)/.exec(text)
  return match ? Math.min(Number(match[1]), 10_000) : 0
}

const sseHeaders = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }

function streamReply(stream: PlannedStream, delayMs: number, signal: AbortSignal): Response {
  return new Response(
    new ReadableStream({
      type: 'direct',
      pull(controller: ReadableStreamDirectController) {
        if (delayMs === 0) {
          controller.write(stream.joined)
          controller.close()
          return
        }
        // The role chunk and the first token at once; then one token per delay (see `pace`).
        controller.write(stream.head)
        controller.flush()
        if (stream.tokens.length === 0) {
          controller.write(stream.tail)
          controller.close()
          return
        }
        const { promise, resolve } = Promise.withResolvers<void>()
        const paced: PacedStream = { controller, stream, next: 0, finished: resolve }
        const slot = pace(delayMs, paced)
        signal.addEventListener('abort', () => {
          slot.delete(paced)
          resolve()
        })
        return promise
      },
    }),
    { headers: sseHeaders },
  )
}

interface PacedStream {
  controller: ReadableStreamDirectController
  stream: PlannedStream
  /** Index of the next token in `stream.tokens`. */
  next: number
  finished: () => void
}

/**
 * Paced streams are driven by one timing wheel per delay rather than a timer each: a 1 ms tick
 * serves the slot of that millisecond, and a stream sits in the slot of the millisecond it
 * started in, so streams keep their own phase (tokens of different streams do not arrive in
 * lockstep) and 1000 streams cost one timer. A late tick catches up on the slots it missed.
 */
const wheels = new Map<number, Set<PacedStream>[]>()

function pace(delayMs: number, paced: PacedStream): Set<PacedStream> {
  let slots = wheels.get(delayMs)
  if (slots === undefined) {
    const wheel = Array.from({ length: delayMs }, () => new Set<PacedStream>())
    slots = wheel
    wheels.set(delayMs, wheel)
    let served = Math.floor(performance.now())
    setInterval(() => {
      const now = Math.floor(performance.now())
      for (; served < now; served++) serve(wheel[(served + 1) % delayMs] as Set<PacedStream>)
    }, 1)
  }
  const slot = slots[Math.floor(performance.now()) % delayMs] as Set<PacedStream>
  slot.add(paced)
  return slot
}

function serve(slot: Set<PacedStream>): void {
  for (const paced of slot) {
    const { controller, stream } = paced
    try {
      controller.write(stream.tokens[paced.next] as string)
      paced.next++
      // The finish, usage and [DONE] follow the last token without a pause.
      if (paced.next === stream.tokens.length) controller.write(stream.tail)
      controller.flush()
      if (paced.next === stream.tokens.length) {
        slot.delete(paced)
        controller.close()
        paced.finished()
      }
    } catch {
      slot.delete(paced)
      paced.finished()
    }
  }
}

const modelList = JSON.stringify({
  object: 'list',
  data: [{ id: model, object: 'model', created, owned_by: 'bench' }],
})

export function startFakeUpstream(port = 0) {
  return Bun.serve({
    hostname: '127.0.0.1',
    port,
    idleTimeout: 0,
    async fetch(request) {
      const path = new URL(request.url).pathname
      if (request.method === 'GET' && path === '/v1/models') {
        return new Response(modelList, { headers: { 'content-type': 'application/json' } })
      }
      if (request.method !== 'POST' || path !== '/v1/chat/completions') {
        return new Response('{"error":{"message":"not found"}}', { status: 404 })
      }
      const body = (await request.json()) as ChatBody
      const tokens = Math.max(1, Math.min(Number(body.max_tokens ?? 200), 100_000))
      if (body.stream !== true) {
        return new Response(wholeAnswer(tokens), {
          headers: { 'content-type': 'application/json' },
        })
      }
      const stream = planStream(tokens, body.stream_options?.include_usage === true)
      return streamReply(stream, delayOf(body), request.signal)
    },
  })
}

if (import.meta.main) {
  const server = startFakeUpstream(Number(process.env.BENCH_UPSTREAM_PORT ?? 0))
  process.stdout.write(`${JSON.stringify({ port: server.port })}\n`)
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      void server.stop(true)
      process.exit(0)
    })
  }
}
