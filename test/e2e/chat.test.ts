import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Ollama } from 'ollama'
import { chatChunk, type FakeOpenAI, startFakeOpenAI, usageChunk } from '../support/fake-openai.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'

let upstream: FakeOpenAI
let proxy: RunningProxy
let ollama: Ollama

beforeAll(() => {
  upstream = startFakeOpenAI()
  proxy = startProxy({ baseUrl: upstream.baseUrl, apiKey: 'sk-test-key-123' })
  ollama = new Ollama({ host: proxy.url })
})
afterAll(async () => {
  await proxy.stop()
  await upstream.stop()
})

const lastChatRequest = () => upstream.requestsTo('/v1/chat/completions').at(-1)?.body ?? {}

describe('streamed chat through the official client', () => {
  test('streams each upstream chunk as an NDJSON chunk and ends with done and metrics', async () => {
    upstream.script({
      kind: 'sse',
      events: [
        chatChunk({ role: 'assistant', content: '' }),
        chatChunk({ content: 'Hel' }),
        chatChunk({ content: 'lo' }),
        chatChunk({}, 'stop'),
        usageChunk(7, 2),
      ],
    })
    const parts = []
    for await (const part of await ollama.chat({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    })) {
      parts.push(part)
    }
    expect(parts.map((part) => part.message.content)).toEqual(['Hel', 'lo', ''])
    for (const part of parts) {
      expect(part.model).toBe('demo-chat')
      expect(part.message.role).toBe('assistant')
      expect(Number.isNaN(Date.parse(String(part.created_at)))).toBe(false)
    }
    const last = parts.at(-1)
    expect(last).toMatchObject({
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 7,
      eval_count: 2,
    })
    for (const key of [
      'total_duration',
      'load_duration',
      'prompt_eval_duration',
      'eval_duration',
    ] as const) {
      expect(Number.isInteger(last?.[key])).toBe(true)
      expect(last?.[key]).toBeGreaterThan(0)
    }
    expect(lastChatRequest()).toEqual({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    })
  })

  test('sends the upstream the API key and the id it listed, echoing the name the client used', async () => {
    const response = await ollama.chat({
      model: 'Demo-Chat:latest',
      messages: [{ role: 'user', content: 'Hi' }],
    })
    expect(response.model).toBe('Demo-Chat:latest')
    expect(lastChatRequest().model).toBe('demo-chat')
    expect(upstream.requestsTo('/v1/chat/completions').at(-1)?.headers.get('authorization')).toBe(
      'Bearer sk-test-key-123',
    )
  })

  test('assembles streamed tool-call deltas into whole calls before the final chunk', async () => {
    upstream.script({
      kind: 'sse',
      events: [
        chatChunk({ role: 'assistant', content: null }),
        chatChunk({
          tool_calls: [
            {
              index: 0,
              id: 'call_a',
              type: 'function',
              function: { name: 'get_weather', arguments: '' },
            },
          ],
        }),
        chatChunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
        chatChunk({
          tool_calls: [
            {
              index: 1,
              id: 'call_b',
              type: 'function',
              function: { name: 'get_time', arguments: '{}' },
            },
          ],
        }),
        chatChunk({ tool_calls: [{ index: 0, function: { arguments: '"Tokyo"}' } }] }),
        chatChunk({}, 'tool_calls'),
      ],
    })
    const parts = []
    for await (const part of await ollama.chat({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Weather and time in Tokyo?' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
        {
          type: 'function',
          function: {
            name: 'get_time',
            description: 'Time',
            parameters: { type: 'object', properties: {} },
          },
        },
      ],
      stream: true,
    })) {
      parts.push(part)
    }
    expect(parts).toHaveLength(2)
    expect(parts[0]?.done).toBe(false)
    expect(parts[0]?.message.tool_calls).toEqual([
      { id: 'call_a', function: { index: 0, name: 'get_weather', arguments: { city: 'Tokyo' } } },
      { id: 'call_b', function: { index: 1, name: 'get_time', arguments: {} } },
    ] as never)
    expect(parts[1]).toMatchObject({ done: true, done_reason: 'stop' })
    expect(parts[1]?.message.tool_calls).toBeUndefined()
    expect((lastChatRequest().tools as unknown[]).length).toBe(2)
  })

  test('a tool-call round trip without ids is accepted by a strict upstream', async () => {
    const response = await ollama.chat({
      model: 'demo-chat',
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }],
        },
        { role: 'tool', content: '18 degrees', tool_name: 'get_weather' },
      ],
    })
    expect(response.message.content).toBe('The tool get_weather answered: 18 degrees')
    expect(lastChatRequest().messages).toEqual([
      { role: 'user', content: 'What is the weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1_0',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1_0', content: '18 degrees' },
    ])
  })
})

describe('non-streamed chat', () => {
  test('is one JSON object with the whole answer, and the upstream is still streamed', async () => {
    upstream.script({
      kind: 'sse',
      events: [
        chatChunk({ reasoning_content: 'Let me ' }),
        chatChunk({ reasoning_content: 'think.' }),
        chatChunk({ content: 'Forty' }),
        chatChunk({ content: '-two' }),
        chatChunk({}, 'length'),
        usageChunk(3, 4),
      ],
    })
    const response = await fetch(`${proxy.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'demo-chat',
        stream: false,
        messages: [{ role: 'user', content: 'Answer?' }],
      }),
    })
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const text = await response.text()
    expect(text.includes('\n')).toBe(false)
    expect(JSON.parse(text)).toMatchObject({
      model: 'demo-chat',
      message: { role: 'assistant', content: 'Forty-two', thinking: 'Let me think.' },
      done: true,
      done_reason: 'length',
      prompt_eval_count: 3,
      eval_count: 4,
    })
  })
})

describe('thinking', () => {
  test('think:false drops returned reasoning; reasoning from both fields is not doubled', async () => {
    const events = [
      chatChunk({ reasoning: 'Hmm', reasoning_content: 'Hmm' }),
      chatChunk({ content: 'Yes' }),
      chatChunk({}, 'stop'),
    ]
    upstream.script({ kind: 'sse', events }, { kind: 'sse', events })
    const kept = await ollama.chat({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Q' }],
    })
    expect(kept.message.thinking).toBe('Hmm')
    const dropped = await ollama.chat({
      model: 'demo-chat',
      think: false,
      messages: [{ role: 'user', content: 'Q' }],
    })
    expect(dropped.message.thinking).toBeUndefined()
    expect(dropped.message.content).toBe('Yes')
  })

  test('a think level becomes reasoning_effort on a strict backend; a boolean is not sent', async () => {
    await ollama.chat({
      model: 'demo-thinker',
      think: 'high',
      messages: [{ role: 'user', content: 'Q' }],
    })
    expect(lastChatRequest().reasoning_effort).toBe('high')
    await ollama.chat({
      model: 'demo-thinker',
      think: true,
      messages: [{ role: 'user', content: 'Q' }],
    })
    expect(lastChatRequest().reasoning_effort).toBeUndefined()
  })
})

describe('request translation', () => {
  test('options map to standard parameters; Ollama-only options never reach a strict backend', async () => {
    await ollama.chat({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Q' }],
      keep_alive: '10m',
      options: {
        temperature: 0.2,
        top_p: 0.5,
        num_predict: 64,
        stop: ['END'],
        seed: 7,
        presence_penalty: 0.1,
        frequency_penalty: 0.3,
        top_k: 20,
        min_p: 0.05,
        repeat_penalty: 1.2,
        num_ctx: 8192,
        num_gpu: 1,
      },
    })
    const { messages: _messages, ...params } = lastChatRequest()
    expect(params).toEqual({
      model: 'demo-chat',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      top_p: 0.5,
      max_tokens: 64,
      stop: ['END'],
      seed: 7,
      presence_penalty: 0.1,
      frequency_penalty: 0.3,
    })
  })

  test('format "json" is JSON mode and a schema is structured output', async () => {
    const json = await ollama.chat({
      model: 'demo-chat',
      format: 'json',
      messages: [{ role: 'user', content: 'Hi' }],
    })
    expect(lastChatRequest().response_format).toEqual({ type: 'json_object' })
    expect(JSON.parse(json.message.content)).toEqual({ echo: 'Hi' })
    const schema = {
      type: 'object',
      properties: { count: { type: 'integer' }, ok: { type: 'boolean' } },
    }
    const structured = await ollama.chat({
      model: 'demo-chat',
      format: schema,
      messages: [{ role: 'user', content: 'Count the 3 apples' }],
    })
    expect(lastChatRequest().response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'schema', schema },
    })
    expect(JSON.parse(structured.message.content)).toEqual({ count: 3, ok: true })
  })

  test('images become image_url parts with the MIME type sniffed from their bytes', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]).toString(
      'base64',
    )
    const response = await ollama.chat({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'What is this?', images: [png] }],
    })
    expect(response.message.content).toContain('I see 1 image')
    expect((lastChatRequest().messages as unknown[])[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
      ],
    })
  })

  test('logprobs are requested and returned in Ollama shape', async () => {
    upstream.script({
      kind: 'sse',
      events: [
        chatChunk({ content: 'Hi' }, null, {}),
        {
          ...chatChunk({ content: '!' }),
          choices: [
            {
              index: 0,
              delta: { content: '!' },
              finish_reason: 'stop',
              logprobs: {
                content: [
                  {
                    token: '!',
                    logprob: -0.5,
                    bytes: [33],
                    top_logprobs: [{ token: '!', logprob: -0.5, bytes: [33] }],
                  },
                ],
              },
            },
          ],
        },
      ],
    })
    const response = await ollama.chat({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Q' }],
      logprobs: true,
      top_logprobs: 1,
    })
    expect(lastChatRequest()).toMatchObject({ logprobs: true, top_logprobs: 1 })
    expect(response.logprobs).toEqual([
      {
        token: '!',
        logprob: -0.5,
        bytes: [33],
        top_logprobs: [{ token: '!', logprob: -0.5, bytes: [33] }],
      },
    ] as never)
  })
})

describe('loading and unloading', () => {
  test('no messages answers done_reason load without calling the upstream; keep_alive 0 unloads', async () => {
    const before = upstream.requestsTo('/v1/chat/completions').length
    const load = await ollama.chat({ model: 'demo-chat', messages: [] })
    expect(load).toMatchObject({
      model: 'demo-chat',
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'load',
    })
    const unload = await ollama.chat({ model: 'demo-chat', messages: [], keep_alive: 0 })
    expect(unload.done_reason).toBe('unload')
    expect(upstream.requestsTo('/v1/chat/completions').length).toBe(before)
  })
})
