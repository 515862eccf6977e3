import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import Anthropic, { APIError } from '@anthropic-ai/sdk'
import { chatChunk, type FakeOpenAI, startFakeOpenAI, usageChunk } from '../support/fake-openai.ts'
import { sseEvents } from '../support/sse-events.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'
import { waitFor } from '../support/wait-for.ts'

let upstream: FakeOpenAI
let proxy: RunningProxy
let client: Anthropic

beforeAll(() => {
  upstream = startFakeOpenAI()
  proxy = startProxy({ baseUrl: upstream.baseUrl, apiKey: 'sk-server' })
  client = new Anthropic({ baseURL: proxy.url, apiKey: 'ollama', maxRetries: 0 })
})
afterAll(async () => {
  await proxy.stop()
  await upstream.stop()
})

const lastChatRequest = () => upstream.requestsTo('/v1/chat/completions').at(-1)
const weatherTool = {
  name: 'get_weather',
  description: 'The current weather in a city',
  input_schema: {
    type: 'object' as const,
    properties: { city: { type: 'string' } },
    required: ['city'],
  },
}
const demoThinking = (words: number) =>
  `The user wrote ${words} word${words === 1 ? '' : 's'}; I answer as the demo backend.`

/** The rejection of `request`, which must fail. */
async function failure(request: Promise<unknown>): Promise<APIError> {
  const error = await request.then(
    () => new Error('expected the request to fail'),
    (caught: unknown) => caught,
  )
  if (error instanceof APIError) return error
  throw error
}

describe('the official Anthropic SDK', () => {
  test('messages.create: one message, the request sent to the backend as chat completions', async () => {
    upstream.script({
      kind: 'sse',
      events: [
        chatChunk({ role: 'assistant', content: '' }),
        chatChunk({ content: 'Hello' }),
        chatChunk({ content: ' there' }),
        chatChunk({}, 'stop'),
        usageChunk(21, 3),
      ],
    })
    const message = await client.messages.create({
      model: 'demo-chat',
      max_tokens: 256,
      system: 'You are terse.',
      messages: [{ role: 'user', content: 'Hi' }],
      metadata: { user_id: 'user-1' },
    })
    expect(message).toEqual({
      id: message.id,
      type: 'message',
      role: 'assistant',
      model: 'demo-chat',
      content: [{ type: 'text', text: 'Hello there' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 21, output_tokens: 3 },
    } as never)
    expect(message.id).toMatch(/^msg_[0-9a-f]{24}$/)
    const forwarded = lastChatRequest()
    expect(forwarded?.body).toEqual({
      model: 'demo-chat',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hi' },
      ],
      stream: true,
      max_tokens: 256,
      stream_options: { include_usage: true },
    })
    expect(forwarded?.headers.get('authorization')).toBe('Bearer sk-server')
    expect(forwarded?.headers.get('x-api-key')).toBeNull()
    expect(forwarded?.headers.get('anthropic-version')).toBeNull()
  })

  test('messages.stream → finalMessage(): text events as they come, the same message at the end', async () => {
    const stream = client.messages.stream({
      model: 'demo-chat:latest',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Hi there' }],
      thinking: { type: 'disabled' },
    })
    const texts: string[] = []
    stream.on('text', (text) => texts.push(text))
    const message = await stream.finalMessage()
    expect(texts.join('')).toBe('Hello from the demo backend! You said: "Hi there".')
    expect(texts.length).toBeGreaterThan(1)
    expect(message.model).toBe('demo-chat:latest')
    expect(message.content).toEqual([
      { type: 'text', text: 'Hello from the demo backend! You said: "Hi there".' },
    ] as never)
    expect(message.stop_reason).toBe('end_turn')
    expect(message.usage.output_tokens).toBe(9)
  })

  test('thinking: enabled gives a thinking block before the text; disabled drops reasoning', async () => {
    const thinking = await client.messages
      .stream({
        model: 'demo-thinker',
        max_tokens: 2048,
        messages: [{ role: 'user', content: 'Why is the sky blue?' }],
        thinking: { type: 'enabled', budget_tokens: 1024 },
      })
      .finalMessage()
    expect(thinking.content).toEqual([
      { type: 'thinking', thinking: demoThinking(5), signature: '' },
      { type: 'text', text: 'Hello from the demo backend! You said: "Why is the sky blue?".' },
    ] as never)
    const plain = await client.messages.create({
      model: 'demo-thinker',
      max_tokens: 2048,
      messages: [{ role: 'user', content: 'Why is the sky blue?' }],
      thinking: { type: 'disabled' },
    })
    expect(plain.content.map((block) => block.type)).toEqual(['text'])
  })

  test('a tool round trip: tool_use with its input, then the tool_result answered', async () => {
    const question = { role: 'user' as const, content: 'Use a tool: what is the weather in Paris?' }
    const call = await client.messages
      .stream({
        model: 'demo-thinker',
        max_tokens: 1024,
        messages: [question],
        tools: [weatherTool],
      })
      .finalMessage()
    expect(call.stop_reason).toBe('tool_use')
    const [thinking, toolUse] = call.content
    expect(thinking).toEqual({
      type: 'thinking',
      thinking:
        'The user asks: "Use a tool: what is the weather in Paris?". The get_weather tool fits; I call it with {"city":"Paris"}.',
      signature: '',
    })
    const callId = toolUse?.type === 'tool_use' ? toolUse.id : ''
    expect(callId).toMatch(/^call_[0-9a-f]{24}$/)
    expect(toolUse?.type === 'tool_use' && [toolUse.name, toolUse.input]).toEqual([
      'get_weather',
      { city: 'Paris' },
    ])
    expect(call.content).toHaveLength(2)
    const answer = await client.messages.create({
      model: 'demo-chat',
      max_tokens: 1024,
      tools: [weatherTool],
      tool_choice: { type: 'auto' },
      messages: [
        question,
        { role: 'assistant', content: call.content },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: callId, content: '18 °C, sunny' }],
        },
      ],
    })
    expect(answer.content.at(-1)).toEqual({
      type: 'text',
      text: 'The tool get_weather answered: 18 °C, sunny',
    } as never)
    expect(answer.stop_reason).toBe('end_turn')
    expect(lastChatRequest()?.body?.messages).toEqual([
      { role: 'user', content: 'Use a tool: what is the weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: callId,
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: callId, content: '18 °C, sunny' },
    ])
  })

  test('messages.create with a tool call: the blocks in generation order, input parsed', async () => {
    upstream.script({
      kind: 'sse',
      events: [
        chatChunk({ role: 'assistant', content: 'Checking.' }),
        chatChunk({
          tool_calls: [
            {
              index: 0,
              id: 'call_7Qb2',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":' },
            },
          ],
        }),
        chatChunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
        chatChunk({}, 'tool_calls'),
        usageChunk(90, 17),
      ],
    })
    const message = await client.messages.create({
      model: 'demo-chat',
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weatherTool],
      tool_choice: { type: 'tool', name: 'get_weather' },
    })
    expect([message.content, message.stop_reason, message.usage]).toEqual([
      [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'call_7Qb2', name: 'get_weather', input: { city: 'Paris' } },
      ],
      'tool_use',
      { input_tokens: 90, output_tokens: 17 },
    ] as never)
    expect(lastChatRequest()?.body?.tool_choice).toEqual({
      type: 'function',
      function: { name: 'get_weather' },
    })
  })

  test('structured output: output_config.format becomes a JSON schema response format', async () => {
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' }, celsius: { type: 'number' } },
      required: ['city', 'celsius'],
      additionalProperties: false,
    }
    const message = await client.messages.create({
      model: 'demo-chat',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'The weather in Paris, as JSON' }],
      thinking: { type: 'disabled' },
      output_config: { format: { type: 'json_schema', schema } },
    })
    expect(message.content).toEqual([
      { type: 'text', text: '{"city":"Paris","celsius":1}' },
    ] as never)
    expect(lastChatRequest()?.body?.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'schema', schema },
    })
  })

  test('count_tokens: the estimate', async () => {
    expect(
      await client.messages.countTokens({
        model: 'demo-chat',
        messages: [{ role: 'user', content: 'Hello there' }],
      }),
    ).toEqual({ input_tokens: 4 })
  })
})

describe('errors before the first byte, as the SDK expects them', () => {
  test('an unknown model: 404 not_found_error naming the alias setting, not to be retried', async () => {
    const error = await failure(
      client.messages.create({
        model: 'claude-haiku-4-5-20251001',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    )
    expect(error).toBeInstanceOf(Anthropic.NotFoundError)
    expect(error.status).toBe(404)
    expect(error.error).toEqual({
      type: 'error',
      error: {
        type: 'not_found_error',
        message:
          "model 'claude-haiku-4-5-20251001' not found: coding agents ask for this name on their own; map it to one of your models with MODEL_ALIASES=claude-haiku-4-5-20251001=<model> or under aliases: in the config file; or tell Claude Code which models to use: ANTHROPIC_DEFAULT_OPUS_MODEL, ANTHROPIC_DEFAULT_SONNET_MODEL, ANTHROPIC_DEFAULT_HAIKU_MODEL and CLAUDE_CODE_SUBAGENT_MODEL",
      },
      request_id: (error.error as { request_id: string }).request_id,
    })
    expect(error.headers?.get('x-should-retry')).toBe('false')
  })

  test('a rate-limited backend: 429 rate_limit_error with its Retry-After, streamed or not', async () => {
    for (const stream of [false, true]) {
      upstream.script({
        kind: 'error',
        status: 429,
        body: { error: { message: 'Rate limit reached' } },
        headers: { 'retry-after': '3' },
      })
      const error = await failure(
        client.messages.create({
          model: 'demo-chat',
          max_tokens: 100,
          stream,
          messages: [{ role: 'user', content: 'Hi' }],
        }),
      )
      expect(error).toBeInstanceOf(Anthropic.RateLimitError)
      expect((error.error as { error: object }).error).toEqual({
        type: 'rate_limit_error',
        message: 'Rate limit reached',
      })
      expect(error.headers?.get('retry-after')).toBe('3')
      expect(error.headers?.get('x-should-retry')).toBeNull()
    }
  })

  test('the SDK retries a 429 and succeeds, honouring Retry-After', async () => {
    upstream.script({
      kind: 'error',
      status: 429,
      body: { error: { message: 'Rate limit reached' } },
      headers: { 'retry-after': '0.01' },
    })
    const retrying = new Anthropic({ baseURL: proxy.url, apiKey: 'ollama', maxRetries: 1 })
    const before = upstream.requestsTo('/v1/chat/completions').length
    const message = await retrying.messages.create({
      model: 'demo-chat',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hi' }],
    })
    expect(message.content.at(-1)).toEqual({
      type: 'text',
      text: 'Hello from the demo backend! You said: "Hi".',
    } as never)
    expect(upstream.requestsTo('/v1/chat/completions').length - before).toBe(2)
  })

  test('an invalid request: 400 invalid_request_error, without asking the backend', async () => {
    const before = upstream.requests.length
    const error = await failure(
      client.messages.create({
        model: 'demo-chat',
        max_tokens: 0,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    )
    expect(error).toBeInstanceOf(Anthropic.BadRequestError)
    expect((error.error as { error: object }).error).toEqual({
      type: 'invalid_request_error',
      message: 'max_tokens is required and must be positive',
    })
    expect(error.headers?.get('x-should-retry')).toBe('false')
    expect(upstream.requests.length).toBe(before)
  })
})

describe('errors after the first byte', () => {
  test('a stream cut short ends with an error event: the SDK throws an APIError', async () => {
    upstream.script({
      kind: 'sse',
      done: false,
      events: [chatChunk({ role: 'assistant', content: '' }), chatChunk({ content: 'The sky' })],
    })
    const stream = client.messages.stream({
      model: 'demo-chat',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Why is the sky blue?' }],
    })
    const texts: string[] = []
    stream.on('text', (text) => texts.push(text))
    const error = await failure(stream.finalMessage())
    expect(texts).toEqual(['The sky'])
    expect(error.error).toEqual({
      type: 'error',
      error: {
        type: 'api_error',
        message: 'the upstream stream ended before the answer was complete',
      },
    })
  })

  test('a non-streamed answer cut short is a 502 api_error', async () => {
    upstream.script({
      kind: 'sse',
      done: false,
      events: [chatChunk({ content: 'The sky' })],
    })
    const error = await failure(
      client.messages.create({
        model: 'demo-chat',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Why?' }],
      }),
    )
    expect(error.status).toBe(502)
    expect((error.error as { error: object }).error).toEqual({
      type: 'api_error',
      message: 'the upstream stream ended before the answer was complete',
    })
  })
})

describe('a client that goes away aborts the backend request', () => {
  test('through the SDK stream abort()', async () => {
    upstream.script({
      kind: 'sse',
      delayMs: 200,
      events: Array.from({ length: 50 }, (_, index) => chatChunk({ content: `token${index} ` })),
    })
    const stream = client.messages.stream({
      model: 'demo-chat',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'A long story' }],
    })
    const texts: string[] = []
    stream.on('text', (text) => {
      texts.push(text)
      stream.abort()
    })
    await stream.done().catch(() => undefined)
    const upstreamRequest = lastChatRequest()
    await waitFor(() => upstreamRequest?.abortedAt !== undefined, 2000)
    expect(texts).toEqual(['token0 '])
    expect(upstreamRequest?.abortedAt).toBeDefined()
    await waitFor(() => proxy.logs.some((line) => line.stream === 'aborted'), 1000)
    expect(
      proxy.logs.some((line) => line.path === '/v1/messages' && line.stream === 'aborted'),
    ).toBe(true)
  })

  test('while a non-streamed answer is being collected', async () => {
    upstream.script({ kind: 'hang' })
    const before = upstream.requestsTo('/v1/chat/completions').length
    const controller = new AbortController()
    const pending = client.messages
      .create(
        { model: 'demo-chat', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] },
        { signal: controller.signal },
      )
      .catch(() => undefined)
    await waitFor(() => upstream.requestsTo('/v1/chat/completions').length > before, 1000)
    const upstreamRequest = upstream.requestsTo('/v1/chat/completions')[before]
    expect(upstreamRequest?.abortedAt).toBeUndefined()
    controller.abort()
    await pending
    await waitFor(() => upstreamRequest?.abortedAt !== undefined, 1000)
    expect(upstreamRequest?.abortedAt).toBeDefined()
  })
})

describe('while the backend is silent', () => {
  let quickProxy: RunningProxy
  beforeAll(() => {
    quickProxy = startProxy({ baseUrl: upstream.baseUrl, apiKey: 'k', keepAliveInterval: '0.1' })
  })
  afterAll(() => quickProxy.stop())

  /**
   * The backend's headers (with a comment line) after 400 ms, then 400 ms more of silence, then
   * the whole answer in one read.
   */
  const slowAnswer = () =>
    upstream.script({
      kind: 'sse',
      delayMs: 400,
      done: false,
      events: [
        ': processing the prompt\n\n',
        [chatChunk({ content: 'Hi' }), chatChunk({}, 'stop'), usageChunk(5, 1), '[DONE]']
          .map((event) => `data: ${typeof event === 'string' ? event : JSON.stringify(event)}\n\n`)
          .join(''),
      ],
    })

  test('the stream starts with message_start, then pings until the first output', async () => {
    slowAnswer()
    const response = await fetch(`${quickProxy.url}/v1/messages`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'demo-chat',
        max_tokens: 10,
        stream: true,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    })
    const names = sseEvents(await response.text()).map((event) => event.type)
    const pings = names.filter((name) => name === 'ping').length
    expect(pings).toBeGreaterThan(0)
    expect(names).toEqual([
      'message_start',
      ...Array(pings).fill('ping'),
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ])
  })

  test('the SDK skips the pings', async () => {
    slowAnswer()
    const quick = new Anthropic({ baseURL: quickProxy.url, apiKey: 'ollama', maxRetries: 0 })
    const message = await quick.messages
      .stream({ model: 'demo-chat', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] })
      .finalMessage()
    expect([message.content, message.usage]).toEqual([
      [{ type: 'text', text: 'Hi' }],
      { input_tokens: 5, output_tokens: 1 },
    ] as never)
  })
})
