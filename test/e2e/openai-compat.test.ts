import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import OpenAI from 'openai'
import { type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai.ts'
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

describe('the OpenAI API on the same port (GitHub Copilot chats through it)', () => {
  test('lists models in OpenAI format', async () => {
    const models = []
    for await (const model of client.models.list()) models.push(model)
    expect(models.map((model) => model.id)).toEqual([
      'demo-chat',
      'demo-coder',
      'demo-embed',
      'demo-thinker',
    ])
    expect(await client.models.retrieve('demo-chat:latest')).toMatchObject({
      id: 'demo-chat',
      object: 'model',
    })
  })

  test('streams chat completions from the upstream, resolving Ollama model names', async () => {
    const stream = await client.chat.completions.create({
      model: 'demo-chat:latest',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
    expect(text).toBe('Hello from the demo backend! You said: "Hi".')
    const forwarded = upstream.requestsTo('/v1/chat/completions').at(-1)
    expect(forwarded?.body).toEqual({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    })
    expect(forwarded?.headers.get('authorization')).toBe('Bearer sk-server')
  })

  test('non-streamed chat, completions and embeddings pass through', async () => {
    const completion = await client.chat.completions.create({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Yo' }],
    })
    expect(completion.choices[0]?.message.content).toBe(
      'Hello from the demo backend! You said: "Yo".',
    )
    const text = await client.completions.create({ model: 'demo-coder', prompt: 'a', suffix: 'b' })
    expect(text.choices[0]?.text).toBe(' /* filled in by the demo backend */')
    const embeddings = await client.embeddings.create({
      model: 'demo-embed',
      input: 'x',
      encoding_format: 'float',
    })
    expect(embeddings.data[0]?.embedding).toHaveLength(64)
  })

  test('errors come back in OpenAI format', async () => {
    const failure = (request: Promise<unknown>) =>
      request.then(
        () => undefined,
        (error: unknown) => error,
      )
    expect(
      await failure(
        client.chat.completions.create({
          model: 'nope',
          messages: [{ role: 'user', content: 'x' }],
        }),
      ),
    ).toMatchObject({
      status: 404,
      error: { message: "model 'nope' not found", type: 'not_found_error' },
    })
    upstream.script({
      kind: 'error',
      status: 429,
      body: { error: { message: 'slow down' } },
      headers: { 'retry-after': '3' },
    })
    expect(
      await failure(
        client.chat.completions.create({
          model: 'demo-chat',
          messages: [{ role: 'user', content: 'x' }],
        }),
      ),
    ).toMatchObject({ status: 429, error: { message: 'slow down', type: 'rate_limit_error' } })
    expect(
      await failure(client.chat.completions.create({ model: 'demo-chat', messages: [] })),
    ).toMatchObject({
      status: 400,
      error: { message: "[] is too short - 'messages'" },
    })
    const noModel = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }),
    })
    expect(noModel.status).toBe(400)
    expect(await noModel.json()).toEqual({
      error: {
        message: 'model is required',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    })
  })
})

/** A raw request, as a client sends it, to the proxy's /v1. */
const postV1 = (proxyUrl: string, path: string, body: object) =>
  fetch(`${proxyUrl}/v1${path}`, { method: 'POST', body: JSON.stringify(body) })

/** What GitHub Copilot's Ollama provider sends: Ollama's keep_alive and options, cache hints. */
const copilotChat = {
  model: 'demo-chat:latest',
  stream: false,
  keep_alive: '10m',
  options: { num_ctx: 16384 },
  temperature: 0.1,
  messages: [
    {
      role: 'system',
      content: 'You are an AI programming assistant.',
      copilot_cache_control: { type: 'ephemeral' },
    },
    {
      role: 'user',
      content: [{ type: 'text', text: 'Hi', copilot_cache_control: { type: 'ephemeral' } }],
      copilot_cache_control: { type: 'ephemeral' },
    },
  ],
  tools: [
    {
      type: 'function',
      function: { name: 'read_file', parameters: { type: 'object', properties: {} } },
      copilot_cache_control: { type: 'ephemeral' },
    },
  ],
}

describe("/v1 to a strict backend: only the fields of OpenAI's schema are sent", () => {
  test("Copilot's chat: keep_alive, options and per-message cache hints are not sent", async () => {
    const response = await postV1(proxy.url, '/chat/completions', copilotChat)
    expect(response.status).toBe(200)
    const body = (await response.json()) as { choices: { message: { content: string } }[] }
    expect(body.choices[0]?.message.content).toBe('Hello from the demo backend! You said: "Hi".')
    expect(upstream.requestsTo('/v1/chat/completions').at(-1)?.body).toEqual({
      model: 'demo-chat',
      stream: false,
      temperature: 0.1,
      messages: [
        { role: 'system', content: 'You are an AI programming assistant.' },
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      ],
      tools: [
        {
          type: 'function',
          function: { name: 'read_file', parameters: { type: 'object', properties: {} } },
        },
      ],
    })
  })

  test('completions and embeddings: Ollama fields are not sent', async () => {
    const completion = await postV1(proxy.url, '/completions', {
      model: 'demo-coder',
      prompt: 'def add(a, b):',
      keep_alive: '5m',
      options: { temperature: 0 },
      raw: true,
    })
    expect(completion.status).toBe(200)
    expect(upstream.requestsTo('/v1/completions').at(-1)?.body).toEqual({
      model: 'demo-coder',
      prompt: 'def add(a, b):',
    })
    const embeddings = await postV1(proxy.url, '/embeddings', {
      model: 'demo-embed',
      input: 'x',
      keep_alive: 0,
      truncate: true,
    })
    expect(embeddings.status).toBe(200)
    expect(upstream.requestsTo('/v1/embeddings').at(-1)?.body).toEqual({
      model: 'demo-embed',
      input: 'x',
    })
  })
})

describe('/v1 to a backend with extras: the body as sent', () => {
  test('vLLM gets its own parameters, and ignores the rest', async () => {
    const lenient = startFakeOpenAI({ extraParams: ['top_k', 'keep_alive', 'options'] })
    const vllmProxy = startProxy({ baseUrl: lenient.baseUrl, apiKey: 'sk-x', dialect: 'vllm' })
    try {
      const body = {
        model: 'demo-chat',
        messages: [{ role: 'user', content: 'Hi' }],
        keep_alive: '10m',
        options: { num_ctx: 16384 },
        top_k: 20,
      }
      const response = await postV1(vllmProxy.url, '/chat/completions', body)
      expect(response.status).toBe(200)
      expect(lenient.requestsTo('/v1/chat/completions').at(-1)?.body).toEqual(body)
    } finally {
      await vllmProxy.stop()
      await lenient.stop()
    }
  })
})
