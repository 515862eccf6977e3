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
    expect(models.map((model) => model.id)).toEqual(['demo-chat', 'demo-coder', 'demo-embed'])
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
    expect(text.choices[0]?.text).toBe(' /* filled in by the demo backend */ ')
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
      await failure(
        client.chat.completions.create({ model: 'demo-chat', messages: [], top_k: 3 } as never),
      ),
    ).toMatchObject({
      status: 400,
      error: { message: 'Unrecognized request argument supplied: top_k' },
    })
  })
})
