import { createDemoBackend } from '../../src/demo/demo-backend.ts'
import { validateOpenAIRequest } from '../../src/demo/validate-openai-request.ts'
import type { OpenAIEndpoint } from '../../src/translate/to-openai-wire-body.ts'

/** One request the fake upstream received. */
export interface RecordedRequest {
  method: string
  path: string
  headers: Headers
  body: Record<string, unknown> | undefined
  /** performance.now() when the client went away, if it did. */
  abortedAt: number | undefined
  /** How many scripted SSE events were written to this request's answer. */
  eventsWritten: number
}

/** A scripted answer for the next request. */
export type ScriptedReply =
  | {
      kind: 'sse'
      events: (object | string)[]
      delayMs?: number
      done?: boolean
      /** After the events: cut the connection, or keep it open and silent. */
      after?: 'reset' | 'hang'
      /** text/event-stream unless given (a JSON answer sent in pieces). */
      contentType?: string
    }
  | { kind: 'error'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Any status, body and content type, e.g. an HTML error page or a broken JSON answer. */
  | { kind: 'raw'; status?: number; body: string; contentType: string }
  /** Headers (a 200 event stream) and then silence. */
  | { kind: 'hang' }
  /** No answer at all, not even headers. */
  | { kind: 'hang-before-headers' }

export interface FakeOpenAI {
  /** Base URL including /v1, as OPENAI_API_BASE_URL. */
  baseUrl: string
  requests: RecordedRequest[]
  /** Requests to one endpoint path, e.g. '/v1/chat/completions'. */
  requestsTo(path: string): RecordedRequest[]
  /** Answers the next POST with `reply` (after validating it, like OpenAI). */
  script(...replies: ScriptedReply[]): void
  /** Answers the next GET /v1/models with `reply`. */
  scriptModels(...replies: ScriptedReply[]): void
  stop(): Promise<void>
}

const endpoints: Record<string, OpenAIEndpoint> = {
  '/v1/chat/completions': 'chat',
  '/v1/completions': 'completions',
  '/v1/embeddings': 'embeddings',
}

/**
 * A fake OpenAI-compatible server on a free loopback port, strict like OpenAI: it refuses unknown
 * parameters and malformed tool-call histories with a 400. By default it answers as the demo
 * backend does; tests can script replies (SSE streams, errors, hangs) and read what it received.
 */
export function startFakeOpenAI(
  options: { extraParams?: string[]; tokenDelayMs?: number } = {},
): FakeOpenAI {
  const demo = createDemoBackend({
    tokenDelayMs: options.tokenDelayMs ?? 0,
    extraParams: options.extraParams,
  })
  const requests: RecordedRequest[] = []
  const scripted: ScriptedReply[] = []
  const scriptedModels: ScriptedReply[] = []
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const path = new URL(request.url).pathname
      const text = request.method === 'POST' ? await request.text() : ''
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined
      const recorded: RecordedRequest = {
        method: request.method,
        path,
        headers: request.headers,
        body,
        abortedAt: undefined,
        eventsWritten: 0,
      }
      request.signal.addEventListener('abort', () => {
        recorded.abortedAt = performance.now()
      })
      requests.push(recorded)
      const endpoint = endpoints[path]
      if (endpoint && body) {
        const problem = validateOpenAIRequest(endpoint, body, options.extraParams)
        if (problem) return Response.json({ error: problem.error }, { status: problem.status })
      }
      const reply =
        request.method === 'POST'
          ? scripted.shift()
          : path === '/v1/models'
            ? scriptedModels.shift()
            : undefined
      if (reply === undefined) {
        return demo(
          new Request(request.url, {
            method: request.method,
            headers: request.headers,
            body: text || undefined,
            signal: request.signal,
          }),
        )
      }
      return toResponse(reply, request.signal, recorded)
    },
  })
  return {
    baseUrl: `http://127.0.0.1:${server.port}/v1`,
    requests,
    requestsTo: (path) => requests.filter((request) => request.path === path),
    script: (...replies) => scripted.push(...replies),
    scriptModels: (...replies) => scriptedModels.push(...replies),
    stop: () => server.stop(true),
  }
}

function toResponse(
  reply: ScriptedReply,
  signal: AbortSignal,
  recorded: RecordedRequest,
): Response | Promise<Response> {
  switch (reply.kind) {
    case 'raw':
      return new Response(reply.body, {
        status: reply.status ?? 200,
        headers: { 'content-type': reply.contentType },
      })
    case 'hang-before-headers':
      return new Promise((resolve) => {
        signal.addEventListener('abort', () => resolve(new Response(null, { status: 499 })))
      })
    case 'error':
      return new Response(
        typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {}),
        {
          status: reply.status,
          headers: { 'content-type': 'application/json', ...reply.headers },
        },
      )
    case 'hang':
      return new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(': keep-alive\n\n')
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      )
    case 'sse': {
      const lines = reply.events.map((event) =>
        typeof event === 'string' ? event : `data: ${JSON.stringify(event)}\n\n`,
      )
      if (reply.done !== false) lines.push('data: [DONE]\n\n')
      let index = 0
      return new Response(
        new ReadableStream<string>({
          async pull(controller) {
            if (reply.delayMs) await Bun.sleep(reply.delayMs)
            if (signal.aborted) return controller.close()
            const line = lines[index++]
            if (line !== undefined) {
              recorded.eventsWritten++
              return controller.enqueue(line)
            }
            // An erroring body makes Bun cut the connection: the client sees a reset.
            if (reply.after === 'reset') controller.error(new Error('connection reset by the fake'))
            else if (reply.after === 'hang') await new Promise(() => {})
            else controller.close()
          },
        }),
        { headers: { 'content-type': reply.contentType ?? 'text/event-stream' } },
      )
    }
  }
}

/** An OpenAI chat completion chunk with the given delta, as the fake's scripts need them. */
export function chatChunk(delta: object, finishReason: string | null = null, extra: object = {}) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'gpt-test',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
    ...extra,
  }
}

/** The usage-only chunk that `stream_options.include_usage` asks for. */
export function usageChunk(promptTokens: number, completionTokens: number) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'gpt-test',
    choices: [],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  }
}
