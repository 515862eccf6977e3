import { afterEach, describe, expect, jest, test } from 'bun:test'
import { APIError } from 'openai'
import { until } from '../../test/support/until.ts'
import type { Backend } from '../backends/backend.ts'
import { CircuitBreaker } from '../backends/circuit-breaker.ts'
import { FallbackChain } from '../backends/fallback-chain.ts'
import type { ModelRoute, ModelRouter } from '../backends/model-router.ts'
import { OllamaError } from '../errors/ollama-error.ts'
import { createLogger } from '../log/logger.ts'
import { ProxyMetrics } from '../metrics/proxy-metrics.ts'
import { ModelActivity } from '../services/model-activity.ts'
import type { EventBatch } from '../upstream/read-server-sent-events.ts'
import type { StreamingEndpoints, Upstream } from '../upstream/upstream.ts'
import type { UpstreamProfile } from '../upstream/upstream-profile.ts'
import type { GenerationBatch, GenerationEnd } from './generation-event.ts'
import { GenerationPipeline } from './generation-pipeline.ts'
import type { ChatGenerationRequest, CompletionGenerationRequest } from './generation-request.ts'

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item
}

interface StreamCall {
  path: keyof StreamingEndpoints
  params: unknown
  signal: AbortSignal
}

/** An upstream whose streams are what `answer` says; records every stream call. */
function fakeUpstream(answer: () => Promise<AsyncIterable<EventBatch>>) {
  const calls: StreamCall[] = []
  const unused = () => Promise.reject(new Error('not used by the pipeline'))
  const upstream: Upstream = {
    label: 'fake',
    listModels: unused,
    stream: (path, params, signal) => {
      calls.push({ path, params, signal })
      return answer()
    },
    embed: unused,
    forward: unused,
    endAll: () => {},
  }
  return { upstream, calls }
}

/** An upstream that answers every stream with these event batches. */
const answering = (batches: readonly EventBatch[]) => fakeUpstream(async () => from(batches))

/** An upstream that refuses every stream with `error`. */
const refusing = (error: unknown) => fakeUpstream(() => Promise.reject(error))

const openai: UpstreamProfile = {
  dialect: 'openai',
  maxTokensParam: 'max_completion_tokens',
  streamUsage: true,
}
const llamacpp: UpstreamProfile = {
  dialect: 'llamacpp',
  maxTokensParam: 'max_tokens',
  streamUsage: false,
}

function routeTo(
  name: string,
  backendId: string,
  modelId: string,
  upstream: Upstream,
  profile: UpstreamProfile = openai,
): ModelRoute {
  const breaker = new CircuitBreaker({ failures: 0, cooldownMs: 0 })
  const backend: Backend = { id: backendId, upstream, profile, breaker, maxRetries: 0 }
  return { name, backend, model: { id: modelId }, known: true }
}

/** A fallback chain and metrics that log nowhere. */
function chainOf() {
  const metrics = new ProxyMetrics(() => [])
  const logger = createLogger({ level: 'error', write: () => {} })
  return { metrics, chain: new FallbackChain({ logger, metrics, served: new WeakMap() }) }
}

/** A pipeline over `routes` with a clock that ticks 100 ns per reading; records logs and lookups. */
function pipelineOver(routes: ModelRoute[]) {
  const resolved: (string | undefined)[] = []
  const router: ModelRouter = {
    resolve: async (name) => {
      resolved.push(name)
      return routes
    },
    list: async () => routes,
    backends: () => [],
    accessOf: () => undefined,
  }
  const activity = new ModelActivity(() => 1_000_000)
  const lines: Record<string, unknown>[] = []
  const logger = createLogger({
    level: 'debug',
    write: (line) => {
      const { timestamp: _, ...fields } = JSON.parse(line)
      lines.push(fields)
    },
  })
  let clock = 0
  const now = () => {
    clock += 100
    return clock
  }
  const metrics = new ProxyMetrics(() => [])
  const chain = new FallbackChain({ logger, metrics, served: new WeakMap() })
  const pipeline = new GenerationPipeline({ router, activity, chain, metrics, now })
  return { pipeline, activity, lines, resolved, now }
}

const chatRequest: ChatGenerationRequest = {
  kind: 'chat',
  model: 'assistant',
  messages: [{ role: 'user', content: 'Hi' }],
  sampling: {},
}

/** A chat stream: "Hel" "lo" in one read, the finish and usage in the next. */
const helloEvents: EventBatch[] = [
  {
    events: [
      {
        choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }],
      },
      { choices: [{ index: 0, delta: { content: 'lo' }, finish_reason: null }] },
    ],
    last: false,
  },
  {
    events: [
      {
        choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
        usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
      },
    ],
    last: true,
  },
]

const helloBatches: GenerationBatch[] = [
  {
    deltas: [
      { content: 'Hel', thinking: '' },
      { content: 'lo', thinking: '' },
    ],
  },
  {
    deltas: [],
    end: { finishReason: 'stop', toolCalls: [], usage: { promptTokens: 3, completionTokens: 2 } },
  },
]

const signal = () => new AbortController().signal

describe('GenerationPipeline: the request', () => {
  const tool = {
    type: 'function' as const,
    function: { name: 'get_weather', parameters: { type: 'object' } },
  }
  const request: ChatGenerationRequest = {
    ...chatRequest,
    sampling: { temperature: 0.5, topK: 40, maxTokens: 64, stop: ['a', 'b', 'c', 'd', 'e'] },
    think: 'high',
    tools: [tool],
    toolChoice: 'required',
    responseFormat: { type: 'json_object' },
    logprobs: { top: 2 },
  }

  test("sends a chat to /chat/completions in the route's dialect, for its model id, with the signal", async () => {
    const { upstream, calls } = answering(helloEvents)
    const { pipeline } = pipelineOver([routeTo('assistant', 'main', 'gpt-4o', upstream, openai)])
    const controller = new AbortController()
    await pipeline.start(request, controller.signal)
    expect(calls).toEqual([
      {
        path: '/chat/completions',
        params: {
          model: 'gpt-4o',
          messages: [{ role: 'user', content: 'Hi' }],
          stream: true,
          temperature: 0.5,
          max_completion_tokens: 64,
          stop: ['a', 'b', 'c', 'd'],
          reasoning_effort: 'high',
          stream_options: { include_usage: true },
          tools: [tool],
          tool_choice: 'required',
          response_format: { type: 'json_object' },
          logprobs: true,
          top_logprobs: 2,
        },
        signal: controller.signal,
      },
    ])
    expect(calls[0]?.signal).toBe(controller.signal)
  })

  test('sends the same chat in the llama.cpp dialect to a llama.cpp backend', async () => {
    const { upstream, calls } = answering(helloEvents)
    const { pipeline } = pipelineOver([
      routeTo('assistant', 'local', 'qwen3-8b', upstream, llamacpp),
    ])
    await pipeline.start(request, signal())
    expect(calls.map(({ path, params }) => ({ path, params }))).toEqual([
      {
        path: '/chat/completions',
        params: {
          model: 'qwen3-8b',
          messages: [{ role: 'user', content: 'Hi' }],
          stream: true,
          temperature: 0.5,
          max_tokens: 64,
          stop: ['a', 'b', 'c', 'd', 'e'],
          top_k: 40,
          chat_template_kwargs: { enable_thinking: true, reasoning_effort: 'high' },
          tools: [tool],
          tool_choice: 'required',
          response_format: { type: 'json_object' },
          logprobs: true,
          top_logprobs: 2,
        },
      },
    ])
  })

  test('sends a completion to /completions and reads its text', async () => {
    const { upstream, calls } = answering([
      { events: [{ choices: [{ index: 0, text: 'a, b', finish_reason: null }] }], last: false },
      {
        events: [
          {
            choices: [{ index: 0, text: '):', finish_reason: 'length' }],
            usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
          },
        ],
        last: true,
      },
    ])
    const { pipeline } = pipelineOver([routeTo('coder', 'main', 'coder-7b', upstream, openai)])
    const completion: CompletionGenerationRequest = {
      kind: 'completion',
      model: 'coder',
      prompt: 'def add(',
      suffix: '  return a + b',
      sampling: { maxTokens: 16, topK: 5 },
    }
    const controller = new AbortController()
    const run = await pipeline.start(completion, controller.signal)
    expect(calls[0]?.signal).toBe(controller.signal)
    expect(calls.map(({ path, params }) => ({ path, params }))).toEqual([
      {
        path: '/completions',
        params: {
          model: 'coder-7b',
          prompt: 'def add(',
          suffix: '  return a + b',
          stream: true,
          max_tokens: 16,
          stream_options: { include_usage: true },
        },
      },
    ])
    expect(await Array.fromAsync(run.batches)).toEqual([
      { deltas: [{ content: 'a, b', thinking: '' }] },
      {
        deltas: [{ content: '):', thinking: '' }],
        end: {
          finishReason: 'length',
          toolCalls: [],
          usage: { promptTokens: 4, completionTokens: 2 },
        },
      },
    ])
  })
})

describe('GenerationPipeline: the run', () => {
  test('reads the chat stream into batches, one per network read, the end in the last', async () => {
    const { upstream } = answering(helloEvents)
    const route = routeTo('assistant', 'main', 'gpt-4o', upstream)
    const { pipeline } = pipelineOver([route])
    const run = await pipeline.start(chatRequest, signal())
    expect(run.route).toBe(route)
    expect(await Array.fromAsync(run.batches)).toEqual(helloBatches)
  })

  const reasoningEvents: EventBatch[] = [
    {
      events: [
        { choices: [{ index: 0, delta: { reasoning_content: 'hmm' }, finish_reason: null }] },
        { choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] },
      ],
      last: true,
    },
  ]
  const end: GenerationEnd = { finishReason: 'stop', toolCalls: [] }

  test('drops the reasoning when the request says think: false', async () => {
    const { upstream } = answering(reasoningEvents)
    const { pipeline } = pipelineOver([routeTo('assistant', 'main', 'm', upstream)])
    const run = await pipeline.start({ ...chatRequest, think: false }, signal())
    expect(await Array.fromAsync(run.batches)).toEqual([
      { deltas: [{ content: 'Hi', thinking: '' }], end },
    ])
  })

  test.each([
    ['absent', undefined],
    ['true', true],
    ['an effort', 'low'],
  ] as const)('keeps the reasoning when think is %s', async (_, think) => {
    const { upstream } = answering(reasoningEvents)
    const { pipeline } = pipelineOver([routeTo('assistant', 'main', 'm', upstream)])
    const run = await pipeline.start({ ...chatRequest, think }, signal())
    expect(await Array.fromAsync(run.batches)).toEqual([
      {
        deltas: [
          { content: '', thinking: 'hmm' },
          { content: 'Hi', thinking: '' },
        ],
        end,
      },
    ])
  })

  test('times the run with its clock: received, upstream started, first output', async () => {
    const { upstream } = answering(helloEvents)
    const { pipeline, now } = pipelineOver([routeTo('assistant', 'main', 'm', upstream)])
    const run = await pipeline.start(chatRequest, signal())
    expect(run.timings).toEqual({ receivedAt: 100, upstreamStartedAt: 200, firstOutputAt: 300 })
    expect(run.now).toBe(now)
    await Array.fromAsync(run.batches)
    expect(run.timings.firstOutputAt).toBe(300)
  })

  test('uses the monotonic clock of Bun when none is given', async () => {
    const { upstream } = answering(helloEvents)
    const route = routeTo('assistant', 'main', 'm', upstream)
    const pipeline = new GenerationPipeline({
      router: {
        resolve: async () => [route],
        list: async () => [route],
        backends: () => [],
        accessOf: () => undefined,
      },
      activity: new ModelActivity(),
      ...chainOf(),
    })
    const before = Bun.nanoseconds()
    const run = await pipeline.start(chatRequest, signal())
    const after = Bun.nanoseconds()
    expect(run.now).toBe(Bun.nanoseconds)
    const { receivedAt, upstreamStartedAt, firstOutputAt = Number.NaN } = run.timings
    expect(receivedAt).toBeGreaterThanOrEqual(before)
    expect(upstreamStartedAt).toBeGreaterThanOrEqual(receivedAt)
    expect(firstOutputAt).toBeGreaterThanOrEqual(upstreamStartedAt)
    expect(after).toBeGreaterThanOrEqual(firstOutputAt)
  })

  test('resolves the model name the client gave', async () => {
    const { upstream } = answering(helloEvents)
    const { pipeline, resolved } = pipelineOver([routeTo('assistant', 'main', 'm', upstream)])
    await pipeline.start({ ...chatRequest, model: 'Assistant:latest' }, signal())
    expect(resolved).toEqual(['Assistant:latest'])
  })

  test('throws what the router throws, without touching any model', async () => {
    const notFound = OllamaError.modelNotFound('nope')
    const router: ModelRouter = {
      resolve: () => Promise.reject(notFound),
      list: async () => [],
      backends: () => [],
      accessOf: () => undefined,
    }
    const activity = new ModelActivity(() => 0)
    const pipeline = new GenerationPipeline({ router, activity, ...chainOf(), now: () => 0 })
    await expect(pipeline.start({ ...chatRequest, model: 'nope' }, signal())).rejects.toBe(notFound)
    expect(activity.active()).toEqual([])
  })
})

describe('GenerationPipeline: model activity', () => {
  test("marks the primary route's model as in use for 5 minutes by default", async () => {
    const primary = routeTo(
      'qwen3:8b',
      'main',
      'qwen3-8b',
      refusing(new OllamaError(503, 'busy')).upstream,
    )
    const fallback = routeTo('qwen3:8b-backup', 'spare', 'qwen3', answering(helloEvents).upstream)
    const { pipeline, activity } = pipelineOver([primary, fallback])
    await pipeline.start({ ...chatRequest, model: 'assistant' }, signal())
    expect(activity.active()).toEqual([{ id: 'qwen3:8b', expiresAt: 1_300_000 }])
  })

  test('marks it in use for the keep_alive the request gives', async () => {
    const { pipeline, activity } = pipelineOver([
      routeTo('qwen3:8b', 'main', 'm', answering(helloEvents).upstream),
    ])
    await pipeline.start({ ...chatRequest, keepAliveMs: 60_000 }, signal())
    expect(activity.active()).toEqual([{ id: 'qwen3:8b', expiresAt: 1_060_000 }])
  })

  test('unloads it with a keep_alive of 0', async () => {
    const { pipeline, activity } = pipelineOver([
      routeTo('qwen3:8b', 'main', 'm', answering(helloEvents).upstream),
    ])
    activity.touch('qwen3:8b', 60_000)
    await pipeline.start({ ...chatRequest, keepAliveMs: 0 }, signal())
    expect(activity.active()).toEqual([])
  })
})

/** The kind of failure each status is, as the fallback log line gives it. */
const kinds: Record<number, string> = {
  429: 'rate_limited',
  502: 'upstream_error',
  503: 'unavailable',
  504: 'upstream_timeout',
}

describe('GenerationPipeline: fallback', () => {
  test.each([429, 502, 503, 504])(
    'moves on to the next route on a %i before any output, and logs why',
    async (status) => {
      const first = refusing(new OllamaError(status, `failure ${status}`))
      const second = answering(helloEvents)
      const fallback = routeTo('assistant', 'spare', 'qwen3-8b', second.upstream, llamacpp)
      const { pipeline, lines } = pipelineOver([
        routeTo('assistant', 'main', 'gpt-4o', first.upstream, openai),
        fallback,
      ])
      const run = await pipeline.start(chatRequest, signal())
      expect(run.route).toBe(fallback)
      expect(await Array.fromAsync(run.batches)).toEqual(helloBatches)
      expect(lines).toEqual([
        {
          level: 'warn',
          logger: 'ollama-openai-proxy',
          message: 'falling back to the next backend',
          model: 'assistant',
          from: 'main/gpt-4o',
          to: 'spare/qwen3-8b',
          reason: kinds[status],
          status,
          error: `failure ${status}`,
        },
      ])
      // Each route is asked in its own dialect, for its own model.
      expect(first.calls.map((call) => (call.params as { model: string }).model)).toEqual([
        'gpt-4o',
      ])
      expect(second.calls.map(({ path, params }) => ({ path, params }))).toEqual([
        {
          path: '/chat/completions',
          params: {
            model: 'qwen3-8b',
            messages: [{ role: 'user', content: 'Hi' }],
            stream: true,
          },
        },
      ])
    },
  )

  test('moves on when the stream fails before its first output, with the error as Ollama says it', async () => {
    async function* failing(): AsyncGenerator<EventBatch> {
      yield { events: [{ choices: [{ index: 0, delta: { role: 'assistant' } }] }], last: false }
      throw new APIError(500, { message: 'engine crashed' }, undefined, new Headers())
    }
    const first = fakeUpstream(async () => failing())
    const second = answering(helloEvents)
    const { pipeline, lines } = pipelineOver([
      routeTo('assistant', 'main', 'gpt-4o', first.upstream),
      routeTo('assistant', 'spare', 'gpt-4o-mini', second.upstream),
    ])
    const run = await pipeline.start(chatRequest, signal())
    expect(await Array.fromAsync(run.batches)).toEqual(helloBatches)
    expect(lines.map(({ status, reason, error }) => ({ status, reason, error }))).toEqual([
      { status: 502, reason: 'upstream_error', error: 'upstream error (HTTP 500): engine crashed' },
    ])
  })

  test('times the run from the request, and the upstream from the route that answered', async () => {
    const { pipeline } = pipelineOver([
      routeTo('assistant', 'main', 'a', refusing(new OllamaError(429, 'slow down')).upstream),
      routeTo('assistant', 'spare', 'b', answering(helloEvents).upstream),
    ])
    const run = await pipeline.start(chatRequest, signal())
    expect(run.timings).toEqual({ receivedAt: 100, upstreamStartedAt: 300, firstOutputAt: 400 })
  })

  test('tries every route in turn, logging each move', async () => {
    const last = routeTo('assistant', 'c', 'm3', answering(helloEvents).upstream)
    const { pipeline, lines } = pipelineOver([
      routeTo('assistant', 'a', 'm1', refusing(new OllamaError(502, 'bad gateway')).upstream),
      routeTo('assistant', 'b', 'm2', refusing(new OllamaError(504, 'timed out')).upstream),
      last,
    ])
    const run = await pipeline.start(chatRequest, signal())
    expect(run.route).toBe(last)
    expect(lines.map(({ from, to, status, error }) => ({ from, to, status, error }))).toEqual([
      { from: 'a/m1', to: 'b/m2', status: 502, error: 'bad gateway' },
      { from: 'b/m2', to: 'c/m3', status: 504, error: 'timed out' },
    ])
  })

  test("throws the last route's error when every route fails", async () => {
    const lastError = new OllamaError(429, 'rate limit exceeded')
    const { pipeline, lines } = pipelineOver([
      routeTo('assistant', 'a', 'm1', refusing(new OllamaError(503, 'overloaded')).upstream),
      routeTo('assistant', 'b', 'm2', refusing(lastError).upstream),
    ])
    await expect(pipeline.start(chatRequest, signal())).rejects.toBe(lastError)
    expect(lines.length).toBe(1)
  })

  test('throws the error of a single route as it is', async () => {
    const error = new OllamaError(503, 'overloaded')
    const { pipeline, lines } = pipelineOver([
      routeTo('assistant', 'a', 'm1', refusing(error).upstream),
    ])
    await expect(pipeline.start(chatRequest, signal())).rejects.toBe(error)
    expect(lines).toEqual([])
  })

  test.each([400, 401, 404, 413, 500])('does not move on after a %i', async (status) => {
    const error = new OllamaError(status, 'not for another backend to fix')
    const second = answering(helloEvents)
    const { pipeline, lines } = pipelineOver([
      routeTo('assistant', 'a', 'm1', refusing(error).upstream),
      routeTo('assistant', 'b', 'm2', second.upstream),
    ])
    await expect(pipeline.start(chatRequest, signal())).rejects.toBe(error)
    expect({ calls: second.calls.length, lines }).toEqual({ calls: 0, lines: [] })
  })

  test('maps an upstream error naming the model to a 404 for the name the client gave', async () => {
    const second = answering(helloEvents)
    const { pipeline } = pipelineOver([
      routeTo(
        'assistant',
        'a',
        'm1',
        refusing(
          new APIError(404, { message: 'The model `m1` does not exist' }, undefined, new Headers()),
        ).upstream,
      ),
      routeTo('assistant', 'b', 'm2', second.upstream),
    ])
    const failure = await pipeline.start(chatRequest, signal()).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OllamaError)
    expect({
      status: (failure as OllamaError).status,
      message: (failure as OllamaError).message,
    }).toEqual({
      status: 404,
      message: "model 'assistant' not found",
    })
    expect(second.calls.length).toBe(0)
  })

  test('does not move on once the client has gone away', async () => {
    const error = new OllamaError(503, 'overloaded')
    const second = answering(helloEvents)
    const { pipeline, lines } = pipelineOver([
      routeTo('assistant', 'a', 'm1', refusing(error).upstream),
      routeTo('assistant', 'b', 'm2', second.upstream),
    ])
    const controller = new AbortController()
    controller.abort()
    await expect(pipeline.start(chatRequest, controller.signal)).rejects.toBe(error)
    expect({ calls: second.calls.length, lines }).toEqual({ calls: 0, lines: [] })
  })
})

describe('GenerationPipeline: the wait for the first output', () => {
  afterEach(() => {
    jest.useRealTimers()
  })

  /** An upstream whose stream's first read comes when the test says so. */
  function heldUpstream() {
    const firstRead = Promise.withResolvers<EventBatch>()
    async function* events(): AsyncGenerator<EventBatch> {
      yield await firstRead.promise
      yield helloEvents[1] as EventBatch
    }
    return { ...fakeUpstream(async () => events()), firstRead }
  }

  test('hands the run over after firstOutputWaitMs without output, still waiting for it', async () => {
    jest.useFakeTimers()
    const held = heldUpstream()
    const { pipeline } = pipelineOver([routeTo('assistant', 'main', 'm', held.upstream)])
    let started = false
    const starting = pipeline.start(chatRequest, signal(), 5_000).then((run) => {
      started = true
      return run
    })
    await until(() => jest.getTimerCount() > 0)
    jest.advanceTimersByTime(4_999)
    await until(() => started)
    expect(started).toBe(false)
    jest.advanceTimersByTime(1)
    const run = await starting
    expect(run.timings).toEqual({ receivedAt: 100, upstreamStartedAt: 200 })
    held.firstRead.resolve(helloEvents[0] as EventBatch)
    expect(await Array.fromAsync(run.batches)).toEqual(helloBatches)
    expect(run.timings.firstOutputAt).toBe(300)
  })

  test('waits for the first output without a bound by default', async () => {
    jest.useFakeTimers()
    const held = heldUpstream()
    const { pipeline } = pipelineOver([routeTo('assistant', 'main', 'm', held.upstream)])
    let started = false
    const starting = pipeline.start(chatRequest, signal()).then((run) => {
      started = true
      return run
    })
    await until(() => held.calls.length > 0)
    await until(() => started)
    expect(jest.getTimerCount()).toBe(0)
    jest.advanceTimersByTime(24 * 3_600_000)
    await until(() => started)
    expect(started).toBe(false)
    held.firstRead.resolve(helloEvents[0] as EventBatch)
    const run = await starting
    expect(run.timings.firstOutputAt).toBe(300)
  })

  test('leaves a failure after the handover to the reader, without moving on', async () => {
    jest.useFakeTimers()
    const held = heldUpstream()
    const second = answering(helloEvents)
    const { pipeline, lines } = pipelineOver([
      routeTo('assistant', 'a', 'm1', held.upstream),
      routeTo('assistant', 'b', 'm2', second.upstream),
    ])
    const starting = pipeline.start(chatRequest, signal(), 10)
    await until(() => jest.getTimerCount() > 0)
    jest.advanceTimersByTime(10)
    const run = await starting
    const failure = new OllamaError(503, 'overloaded')
    held.firstRead.reject(failure)
    await expect(Array.fromAsync(run.batches)).rejects.toBe(failure)
    expect({ calls: second.calls.length, lines }).toEqual({ calls: 0, lines: [] })
  })
})
