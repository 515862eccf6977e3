import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import OpenAI from 'openai'
import type { ResponseStreamEvent } from 'openai/resources/responses/responses'
import { chatChunk, type FakeOpenAI, startFakeOpenAI, usageChunk } from '../support/fake-openai.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'

let upstream: FakeOpenAI
let proxy: RunningProxy
let client: OpenAI

beforeAll(() => {
  upstream = startFakeOpenAI()
  proxy = startProxy({ baseUrl: upstream.baseUrl, apiKey: 'sk-server' })
  client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'ollama', maxRetries: 0 })
})
afterAll(async () => {
  await proxy.stop()
  await upstream.stop()
})

const lastUpstreamBody = () => upstream.requestsTo('/v1/chat/completions').at(-1)?.body

const failure = (request: Promise<unknown>) =>
  request.then(
    () => {
      throw new Error('expected the request to fail')
    },
    (error: unknown) => error,
  )

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
}

const toolCallStream = [
  chatChunk({ role: 'assistant', content: 'Checking.' }),
  chatChunk({
    tool_calls: [
      {
        index: 0,
        id: 'call_7Qb2',
        type: 'function',
        function: { name: 'get_weather', arguments: '' },
      },
    ],
  }),
  chatChunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
  chatChunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
  chatChunk({}, 'tool_calls'),
  usageChunk(90, 17),
]

describe('POST /v1/responses through the official openai SDK', () => {
  test('responses.create: one response object, the backend asked for a stream', async () => {
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
    const response = await client.responses.create({
      model: 'demo-chat:latest',
      instructions: 'Be brief.',
      input: 'Hi',
      temperature: 0.3,
      max_output_tokens: 50,
    })
    expect(response.output_text).toBe('Hello there')
    expect(response).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'demo-chat:latest',
      instructions: 'Be brief.',
      temperature: 0.3,
      max_output_tokens: 50,
      store: false,
      usage: {
        input_tokens: 21,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 3,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 24,
      },
    })
    expect(response.id).toMatch(/^resp_[0-9a-f]{24}$/)
    expect(response.output).toEqual([
      {
        id: expect.stringMatching(/^msg_[0-9a-f]{24}$/),
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Hello there', annotations: [], logprobs: [] }],
      },
    ])
    expect(lastUpstreamBody()).toEqual({
      model: 'demo-chat',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.3,
      max_tokens: 50,
    })
  })

  test('responses.stream → finalResponse(): reasoning then text, every event accepted', async () => {
    upstream.script({
      kind: 'sse',
      events: [
        chatChunk({ role: 'assistant', reasoning_content: 'Greeting.' }),
        chatChunk({ reasoning_content: ' Answer briefly.' }),
        chatChunk({ content: 'Hi!' }),
        chatChunk({}, 'stop'),
        {
          ...usageChunk(14, 9),
          usage: {
            prompt_tokens: 14,
            completion_tokens: 9,
            total_tokens: 23,
            completion_tokens_details: { reasoning_tokens: 6 },
          },
        },
      ],
    })
    const stream = client.responses.stream({
      model: 'demo-chat',
      input: 'Hello',
      reasoning: { effort: 'high' },
    })
    const types: string[] = []
    let text = ''
    for await (const event of stream) {
      types.push(event.type)
      if (event.type === 'response.output_text.delta') text += event.delta
    }
    const final = await stream.finalResponse()
    expect(text).toBe('Hi!')
    expect(final.output_text).toBe('Hi!')
    expect(final.status).toBe('completed')
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message'])
    expect(final.output[0]).toMatchObject({
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'Greeting. Answer briefly.' }],
      encrypted_content: 'Greeting. Answer briefly.',
    })
    expect(final.usage?.output_tokens_details.reasoning_tokens).toBe(6)
    expect(final.reasoning).toEqual({ effort: 'high', summary: null })
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ])
    // The default dialect (strict OpenAI) gets the effort as reasoning_effort.
    expect(lastUpstreamBody()?.reasoning_effort).toBe('high')
  })

  test('a function-call round trip: the call streamed, then its output sent back', async () => {
    upstream.script({ kind: 'sse', events: toolCallStream })
    const stream = client.responses.stream({
      model: 'demo-chat',
      input: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weatherTool],
      tool_choice: 'auto',
    })
    const argumentDeltas: string[] = []
    stream.on('response.function_call_arguments.delta', (event) => argumentDeltas.push(event.delta))
    const first = await stream.finalResponse()
    expect(argumentDeltas).toEqual(['{"city":', '"Paris"}'])
    expect(first.output.map((item) => item.type)).toEqual(['message', 'function_call'])
    const call = first.output[1]
    expect(call).toMatchObject({
      type: 'function_call',
      status: 'completed',
      call_id: 'call_7Qb2',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
    })
    expect(lastUpstreamBody()?.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: weatherTool.parameters,
          strict: false,
        },
      },
    ])
    expect(lastUpstreamBody()?.tool_choice).toBe('auto')

    upstream.script({
      kind: 'sse',
      events: [chatChunk({ content: 'Sunny, 24 °C.' }), chatChunk({}, 'stop'), usageChunk(120, 6)],
    })
    const second = await client.responses.create({
      model: 'demo-chat',
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        ...(first.output as OpenAI.Responses.ResponseInputItem[]),
        { type: 'function_call_output', call_id: 'call_7Qb2', output: '{"sky":"clear","c":24}' },
      ],
      tools: [weatherTool],
    })
    expect(second.output_text).toBe('Sunny, 24 °C.')
    expect(lastUpstreamBody()?.messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          {
            id: 'call_7Qb2',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_7Qb2', content: '{"sky":"clear","c":24}' },
    ])
  })

  test('non-streamed tool calls keep the text before them', async () => {
    upstream.script({ kind: 'sse', events: toolCallStream })
    const response = await client.responses.create({
      model: 'demo-chat',
      input: 'Weather in Paris?',
      tools: [weatherTool],
    })
    expect(response.output_text).toBe('Checking.')
    expect(response.output.map((item) => item.type)).toEqual(['message', 'function_call'])
  })

  test('json_schema output: response_format upstream, JSON text back', async () => {
    upstream.script({
      kind: 'sse',
      events: [
        chatChunk({ content: '{"answer":' }),
        chatChunk({ content: '42}' }),
        chatChunk({}, 'stop'),
      ],
    })
    const schema = {
      type: 'object',
      properties: { answer: { type: 'number' } },
      required: ['answer'],
      additionalProperties: false,
    }
    const response = await client.responses.create({
      model: 'demo-chat',
      input: 'The answer?',
      text: { format: { type: 'json_schema', name: 'answer', schema, strict: true } },
    })
    expect(JSON.parse(response.output_text)).toEqual({ answer: 42 })
    expect(response.text?.format).toEqual({
      type: 'json_schema',
      name: 'answer',
      schema,
      strict: true,
    })
    expect(lastUpstreamBody()?.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'answer', schema, strict: true },
    })
  })

  test('the token limit: response.incomplete, with the reason', async () => {
    upstream.script({
      kind: 'sse',
      events: [chatChunk({ content: 'Once upon' }), chatChunk({}, 'length'), usageChunk(5, 2)],
    })
    const stream = client.responses.stream({
      model: 'demo-chat',
      input: 'Story',
      max_output_tokens: 2,
    })
    const terminal: ResponseStreamEvent[] = []
    stream.on('response.incomplete', (event) => terminal.push(event))
    const final = await stream.finalResponse()
    expect(terminal).toHaveLength(1)
    expect(final.status).toBe('incomplete')
    expect(final.incomplete_details).toEqual({ reason: 'max_output_tokens' })
    expect(final.output_text).toBe('Once upon')
    expect(final.output[0]).toMatchObject({ type: 'message', status: 'incomplete' })
  })

  test('a failure mid-stream ends it with response.failed: the finished items and the error', async () => {
    upstream.script({
      kind: 'sse',
      events: [
        chatChunk({ reasoning_content: 'Thinking.' }),
        chatChunk({ content: 'Half an ans' }),
        {
          error: {
            message: 'The server is overloaded',
            type: 'server_error',
            code: 'server_overloaded',
          },
        },
      ],
    })
    const stream = client.responses.stream({ model: 'demo-chat', input: 'Go' })
    const failed: ResponseStreamEvent[] = []
    stream.on('response.failed', (event) => failed.push(event))
    const final = await stream.finalResponse()
    expect(failed).toHaveLength(1)
    expect(final.status).toBe('failed')
    expect(final.error).toEqual({
      code: 'server_overloaded' as never,
      message: 'upstream error: The server is overloaded',
    })
    expect(final.output.map((item) => item.type)).toEqual(['reasoning'])
    await Bun.sleep(10)
    expect(proxy.logs.at(-1)).toMatchObject({ path: '/v1/responses', stream: 'failed' })
  })

  test('a stream cut short ends with response.failed too', async () => {
    upstream.script({ kind: 'sse', events: [chatChunk({ content: 'Hal' })], done: false })
    const final = await client.responses.stream({ model: 'demo-chat', input: 'Go' }).finalResponse()
    expect(final.status).toBe('failed')
    expect(final.error).toEqual({
      code: 'server_error',
      message: 'the upstream stream ended before the answer was complete',
    })
    expect(final.output).toEqual([])
  })
})

describe('POST /v1/responses: errors before the stream, in OpenAI’s shape', () => {
  test('previous_response_id: 400, and the backend is not asked', async () => {
    const before = upstream.requestsTo('/v1/chat/completions').length
    const error = await failure(
      client.responses.create({
        model: 'demo-chat',
        input: 'Again',
        previous_response_id: 'resp_1',
      }),
    )
    expect(error).toBeInstanceOf(OpenAI.BadRequestError)
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toEqual({
      message:
        'previous_response_id is not supported: this server stores nothing; send the whole conversation in input',
      type: 'invalid_request_error',
      param: null,
      code: null,
    })
    expect(upstream.requestsTo('/v1/chat/completions').length).toBe(before)
  })

  test('an unknown model: 404 not_found_error', async () => {
    const error = await failure(
      client.responses.create({ model: 'nope', input: 'x', stream: true }),
    )
    expect(error).toBeInstanceOf(OpenAI.NotFoundError)
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).error).toMatchObject({
      message: "model 'nope' not found",
      type: 'not_found_error',
    })
  })

  test('invalid fields: 400 naming the field', async () => {
    const error = await failure(
      client.responses.create({
        model: 'demo-chat',
        input: 'x',
        reasoning: { effort: 'huge' as never },
      }),
    )
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).status).toBe(400)
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({
      message:
        'invalid reasoning value: "huge" (must be "minimal", "low", "medium", "high", "xhigh", "ultra", "max", or "none")',
    })
    const wrongType = await fetch(`${proxy.url}/v1/responses`, {
      method: 'POST',
      body: JSON.stringify({ model: 'demo-chat', input: 42 }),
    })
    expect(wrongType.status).toBe(400)
    expect(((await wrongType.json()) as { error: { message: string } }).error.message).toBe(
      'input must be a string or an array of input items',
    )
  })

  test("the backend's error code passes through (context_length_exceeded)", async () => {
    upstream.script({
      kind: 'error',
      status: 400,
      body: {
        error: {
          message: "This model's maximum context length is 8192 tokens.",
          type: 'invalid_request_error',
          param: 'messages',
          code: 'context_length_exceeded',
        },
      },
    })
    const error = await failure(
      client.responses.create({ model: 'demo-chat', input: 'x'.repeat(50) }),
    )
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toEqual({
      message: "This model's maximum context length is 8192 tokens.",
      type: 'invalid_request_error',
      param: null,
      code: 'context_length_exceeded',
    })
  })

  test('a deterministic 5xx says x-should-retry: false, so the SDK does not ask three times', async () => {
    const retrying = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'ollama', maxRetries: 2 })
    // Only the first attempt fails: a retry would succeed, and the request would not fail.
    upstream.script({
      kind: 'error',
      status: 401,
      body: { error: { message: 'Incorrect API key' } },
    })
    const before = upstream.requestsTo('/v1/chat/completions').length
    const error = await failure(retrying.responses.create({ model: 'demo-chat', input: 'x' }))
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502)
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('x-should-retry')).toBe(
      'false',
    )
    expect(upstream.requestsTo('/v1/chat/completions').length).toBe(before + 1)
  })
})

describe('POST /v1/responses: a client that goes away', () => {
  test('aborting the stream aborts the upstream request', async () => {
    upstream.script({
      kind: 'sse',
      delayMs: 200,
      events: Array.from({ length: 50 }, (_, index) => chatChunk({ content: `token${index} ` })),
    })
    const controller = new AbortController()
    const stream = client.responses.stream(
      { model: 'demo-chat', input: 'Long story' },
      { signal: controller.signal },
    )
    const upstreamRequest = await new Promise<ReturnType<typeof upstream.requestsTo>[number]>(
      (resolve) => {
        stream.on('response.output_text.delta', () => {
          resolve(upstream.requestsTo('/v1/chat/completions').at(-1) as never)
          controller.abort()
        })
      },
    )
    await stream.done().catch(() => undefined)
    const deadline = performance.now() + 1000
    while (upstreamRequest.abortedAt === undefined && performance.now() < deadline)
      await Bun.sleep(5)
    expect(upstreamRequest.abortedAt).toBeDefined()
  })
})
