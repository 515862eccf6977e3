import { createDemoBackend } from '../../src/demo/demo-backend.ts'
import {
  type OpenAIEndpoint,
  validateOpenAIRequest,
} from '../../src/demo/validate-openai-request.ts'

/** One request the fake upstream received. */
export interface RecordedRequest {
  method: string
  path: string
  headers: Headers
  body: Record<string, unknown> | undefined
  /** performance.now() when the client went away, if it did. */
  abortedAt: number | undefined
}

/** A scripted answer for the next request. */
export type ScriptedReply =
  | { kind: 'sse'; events: (object | string)[]; delayMs?: number; done?: boolean }
  | { kind: 'error'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'hang' }
  /** Sends nothing, not even headers, until the client gives up. */
  | { kind: 'stall' }

export interface FakeOpenAI {
  /** Base URL including /v1, as OPENAI_API_BASE_URL. */
  baseUrl: string
  requests: RecordedRequest[]
  /** Requests to one endpoint path, e.g. '/v1/chat/completions'. */
  requestsTo(path: string): RecordedRequest[]
  /** Answers the next POST with `reply` (after validating it, like OpenAI). */
  script(...replies: ScriptedReply[]): void
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
      const reply = request.method === 'POST' ? scripted.shift() : undefined
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
      if (reply.kind === 'stall') {
        return new Promise<Response>((resolve) =>
          request.signal.addEventListener('abort', () => resolve(new Response(null))),
        )
      }
      return toResponse(reply, request.signal)
    },
  })
  return {
    baseUrl: `http://127.0.0.1:${server.port}/v1`,
    requests,
    requestsTo: (path) => requests.filter((request) => request.path === path),
    script: (...replies) => scripted.push(...replies),
    stop: () => server.stop(true),
  }
}

function toResponse(
  reply: Exclude<ScriptedReply, { kind: 'stall' }>,
  signal: AbortSignal,
): Response {
  switch (reply.kind) {
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
            if (line === undefined) controller.close()
            else controller.enqueue(line)
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
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
