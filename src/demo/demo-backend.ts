import { randomId } from '../core/random-id.ts'
import type { OpenAIEndpoint } from '../translate/to-openai-wire-body.ts'
import type { UpstreamModel } from '../upstream/upstream.ts'
import { type DemoAnswer, type DemoChatRequest, planDemoAnswer } from './demo-answer.ts'
import { validateOpenAIRequest } from './validate-openai-request.ts'

/**
 * The demo's models. demo-chat does not think (like llama3.2): it never reasons, and refuses a
 * reasoning effort as OpenAI's non-reasoning models do. demo-thinker thinks (like qwen3): it
 * reasons before every answer unless told not to, as Ollama runs a thinking model when `think` is
 * unset. demo-coder fills in the middle; demo-embed embeds.
 */
export const demoModels: UpstreamModel[] = [
  {
    id: 'demo-chat',
    created: 1_735_689_600,
    owned_by: 'demo',
    context_length: 32_768,
    supported_parameters: ['tools', 'response_format'],
    architecture: { input_modalities: ['text', 'image'] },
  },
  { id: 'demo-coder', created: 1_735_689_600, owned_by: 'demo', context_length: 16_384 },
  { id: 'demo-embed', created: 1_735_689_600, owned_by: 'demo' },
  {
    id: 'demo-thinker',
    created: 1_735_689_600,
    owned_by: 'demo',
    context_length: 32_768,
    supported_parameters: ['tools', 'reasoning', 'response_format'],
    architecture: { input_modalities: ['text', 'image'] },
  },
]

export interface DemoBackendOptions {
  /** Pause between streamed tokens, so the demo streams like a model. */
  tokenDelayMs: number
  /** Non-standard parameters to accept (as vLLM or llama.cpp would); none by default. */
  extraParams?: readonly string[]
  /** The clock of `created` and of dates in structured answers. */
  now?: () => Date
}

const endpoints: Record<string, OpenAIEndpoint> = {
  '/chat/completions': 'chat',
  '/completions': 'completions',
  '/embeddings': 'embeddings',
}

/**
 * An OpenAI-compatible server in a function (`Request` → `Response`): strict about requests like
 * OpenAI, deterministic in its answers. It is the built-in demo backend, reached through the same
 * SDK and translation path as a real one.
 */
export function createDemoBackend(options: DemoBackendOptions) {
  return async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname.replace(/^\/v1/, '')
    if (request.method === 'GET' && path === '/models') {
      return Response.json({
        object: 'list',
        data: demoModels.map((model) => ({ object: 'model', ...model })),
      })
    }
    const endpoint = endpoints[path]
    if (request.method !== 'POST' || endpoint === undefined) {
      return openAIError(404, `Unknown request URL: ${request.method} ${path}`, 'not_found_error')
    }
    const body = (await request.json()) as Record<string, unknown>
    const problem = validateOpenAIRequest(endpoint, body, options.extraParams)
    if (problem) return Response.json({ error: problem.error }, { status: problem.status })
    const model = demoModels.find((candidate) => candidate.id === body.model)
    if (model === undefined) {
      return openAIError(
        404,
        `The model \`${String(body.model)}\` does not exist`,
        'invalid_request_error',
        'model_not_found',
      )
    }
    if (endpoint === 'embeddings') return Response.json(embeddingsReply(body))
    return generationReply(endpoint, body, model, options, request.signal)
  }
}

/** A chat or text completion, whole or streamed as server-sent events. */
function generationReply(
  endpoint: 'chat' | 'completions',
  body: Record<string, unknown>,
  model: UpstreamModel,
  options: DemoBackendOptions,
  signal: AbortSignal,
): Response {
  const thinks = model.supported_parameters?.includes('reasoning') ?? false
  if (body.reasoning_effort !== undefined && !thinks) {
    return openAIError(
      400,
      "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
      'invalid_request_error',
      'unsupported_parameter',
    )
  }
  const now = options.now?.() ?? new Date()
  const answer =
    endpoint === 'chat'
      ? planDemoAnswer(body as unknown as DemoChatRequest, { thinks, now })
      : { reasoning: '', content: fillInTheMiddle(body), toolCalls: [] }
  const reply = {
    id: randomId(endpoint === 'chat' ? 'chatcmpl-demo' : 'cmpl-demo'),
    created: Math.floor(now.getTime() / 1000),
    model: body.model,
    toolCallIds: answer.toolCalls.map(() => randomId('call_')),
  }
  const usage = usageOf(body, answer.content)
  if (body.stream !== true) return Response.json(wholeReply(endpoint, reply, answer, usage))
  const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)
    ?.include_usage
  const chunks = streamedReply(endpoint, reply, answer, includeUsage ? usage : undefined)
  return new Response(toServerSentEvents(chunks, options.tokenDelayMs, signal), {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
  })
}

function openAIError(status: number, message: string, type: string, code: string | null = null) {
  return Response.json({ error: { message, type, param: null, code } }, { status })
}

type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number }

/** What one reply says about itself: unique ids, and when it was made. */
interface ReplyHeader {
  id: string
  created: number
  model: unknown
  toolCallIds: string[]
}

function fillInTheMiddle(body: Record<string, unknown>): string {
  return typeof body.suffix === 'string' && body.suffix !== ''
    ? ' /* filled in by the demo backend */'
    : ' and so the demo backend continues the text.'
}

function usageOf(body: Record<string, unknown>, content: string): Usage {
  const words = (text: string) => text.split(/\s+/).filter(Boolean).length
  const prompt = words(JSON.stringify(body.messages ?? body.prompt ?? ''))
  const completion = Math.max(1, words(content))
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion }
}

function wholeReply(
  endpoint: OpenAIEndpoint,
  reply: ReplyHeader,
  answer: DemoAnswer,
  usage: Usage,
) {
  const base = { id: reply.id, created: reply.created, model: reply.model, usage }
  if (endpoint === 'completions') {
    return {
      ...base,
      object: 'text_completion',
      choices: [{ index: 0, text: answer.content, finish_reason: 'stop', logprobs: null }],
    }
  }
  const toolCalls = answer.toolCalls.map((call, index) => ({
    id: reply.toolCallIds[index],
    type: 'function',
    function: call,
  }))
  return {
    ...base,
    object: 'chat.completion',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: answer.content || null,
          ...(answer.reasoning && { reasoning_content: answer.reasoning }),
          ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
        },
        finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
        logprobs: null,
      },
    ],
  }
}

/** The answer as OpenAI stream chunks: reasoning, then content word by word, tool calls in pieces. */
function* streamedReply(
  endpoint: OpenAIEndpoint,
  reply: ReplyHeader,
  answer: DemoAnswer,
  usage: Usage | undefined,
): Generator<object> {
  const base = { id: reply.id, created: reply.created, model: reply.model }
  // Word by word, trailing spaces included: the pieces add up to the whole text.
  const words = (text: string) => text.match(/\s*\S+|\s+$/g) ?? []
  if (endpoint === 'completions') {
    for (const text of words(answer.content)) {
      yield {
        ...base,
        object: 'text_completion',
        choices: [{ index: 0, text, finish_reason: null }],
      }
    }
    yield {
      ...base,
      object: 'text_completion',
      choices: [{ index: 0, text: '', finish_reason: 'stop' }],
    }
  } else {
    const chunk = (delta: object, finishReason: string | null = null) => ({
      ...base,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    })
    yield chunk({ role: 'assistant', content: '' })
    for (const text of words(answer.reasoning)) yield chunk({ reasoning_content: text })
    for (const text of words(answer.content)) yield chunk({ content: text })
    for (const [index, call] of answer.toolCalls.entries()) {
      const half = Math.ceil(call.arguments.length / 2)
      yield chunk({
        tool_calls: [
          {
            index,
            id: reply.toolCallIds[index],
            type: 'function',
            function: { name: call.name, arguments: '' },
          },
        ],
      })
      yield chunk({
        tool_calls: [{ index, function: { arguments: call.arguments.slice(0, half) } }],
      })
      yield chunk({ tool_calls: [{ index, function: { arguments: call.arguments.slice(half) } }] })
    }
    yield chunk({}, answer.toolCalls.length > 0 ? 'tool_calls' : 'stop')
  }
  if (usage) yield { ...base, object: 'chat.completion.chunk', choices: [], usage }
}

function toServerSentEvents(chunks: Iterable<object>, delayMs: number, signal: AbortSignal) {
  const iterator = chunks[Symbol.iterator]()
  const encoder = new TextEncoder()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (delayMs > 0) await Bun.sleep(delayMs)
      if (signal.aborted) return controller.close()
      const next = iterator.next()
      if (next.done) {
        controller.enqueue(encoder.encode('data: [DONE]\n\n'))
        controller.close()
        return
      }
      controller.enqueue(encoder.encode(`data: ${JSON.stringify(next.value)}\n\n`))
    },
  })
}

/** A deterministic vector per text (not unit-length, as some backends answer). */
function embeddingsReply(body: Record<string, unknown>) {
  const inputs = typeof body.input === 'string' ? [body.input] : (body.input as string[])
  const dimensions = typeof body.dimensions === 'number' ? body.dimensions : 64
  return {
    object: 'list',
    model: body.model,
    data: inputs.map((text, index) => ({
      object: 'embedding',
      index,
      embedding: vectorOf(text, dimensions),
    })),
    usage: {
      prompt_tokens: inputs.join(' ').split(/\s+/).length,
      total_tokens: inputs.join(' ').split(/\s+/).length,
    },
  }
}

function vectorOf(text: string, dimensions: number): number[] {
  let state = 2166136261
  for (const char of text) state = Math.imul(state ^ char.charCodeAt(0), 16777619) >>> 0
  return Array.from({ length: dimensions }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return Math.round((state / 2 ** 32 - 0.5) * 2000) / 1000
  })
}
