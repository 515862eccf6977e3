import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Ollama } from 'ollama'
import { chatChunk, type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'

let upstream: FakeOpenAI
let proxy: RunningProxy
let ollama: Ollama

beforeAll(() => {
  upstream = startFakeOpenAI()
  proxy = startProxy({ baseUrl: upstream.baseUrl, apiKey: 'sk-test' })
  ollama = new Ollama({ host: proxy.url })
})
afterAll(async () => {
  await proxy.stop()
  await upstream.stop()
})

const lastBody = (path: string) => upstream.requestsTo(path).at(-1)?.body ?? {}

describe('/api/generate', () => {
  test('streams `response` chunks from a chat upstream call with the system prompt first', async () => {
    const parts = []
    for await (const part of await ollama.generate({
      model: 'demo-thinker',
      prompt: 'Say hi',
      system: 'Be brief',
      stream: true,
    })) {
      parts.push(part)
    }
    expect(parts.map((part) => part.response).join('')).toBe(
      'Hello from the demo backend! You said: "Say hi".',
    )
    expect(parts.at(-1)).toMatchObject({ done: true, done_reason: 'stop', model: 'demo-thinker' })
    expect(parts.map((part) => part.thinking ?? '').join('')).toBe(
      'The user wrote 2 words; I answer as the demo backend.',
    )
    expect(lastBody('/v1/chat/completions').messages).toEqual([
      { role: 'system', content: 'Be brief' },
      { role: 'user', content: 'Say hi' },
    ])
  })

  test('non-streamed answer concatenates response and thinking; think:false drops thinking', async () => {
    const thought = await ollama.generate({ model: 'demo-thinker', prompt: 'Hi', stream: false })
    expect(thought.thinking).toBe('The user wrote 1 word; I answer as the demo backend.')
    const answer = await ollama.generate({ model: 'demo-thinker', prompt: 'Hi', think: false })
    expect(answer.response).toBe('Hello from the demo backend! You said: "Hi".')
    expect(answer.thinking).toBeUndefined()
    expect(answer.done).toBe(true)
  })

  test('a model that does not think gives no thinking when think is unset, as in Ollama', async () => {
    const answer = await ollama.generate({ model: 'demo-chat', prompt: 'Hi', stream: false })
    expect(answer.response).toBe('Hello from the demo backend! You said: "Hi".')
    expect(answer.thinking).toBeUndefined()
  })

  test('suffix goes to the upstream /completions endpoint (fill-in-the-middle)', async () => {
    const answer = await ollama.generate({
      model: 'demo-coder',
      prompt: 'function add(a, b) {',
      suffix: '}',
      options: { num_predict: 32, temperature: 0, top_k: 5 },
    })
    expect(answer.response).toBe(' /* filled in by the demo backend */')
    expect(lastBody('/v1/completions')).toEqual({
      model: 'demo-coder',
      prompt: 'function add(a, b) {',
      suffix: '}',
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 32,
      temperature: 0,
    })
  })

  test('raw prompts go to /completions verbatim; raw with a system prompt is refused', async () => {
    const answer = await ollama.generate({
      model: 'demo-coder',
      prompt: '<s>[INST] Hi [/INST]',
      raw: true,
    })
    expect(answer.response).toBe(' and so the demo backend continues the text.')
    expect(lastBody('/v1/completions').prompt).toBe('<s>[INST] Hi [/INST]')
    const refused = await fetch(`${proxy.url}/api/generate`, {
      method: 'POST',
      body: JSON.stringify({ model: 'demo-coder', prompt: 'x', raw: true, system: 'S' }),
    })
    expect(refused.status).toBe(400)
    expect(await refused.json()).toEqual({
      error: 'raw mode does not support template, system, or context',
    })
  })

  test('images are sent with the prompt', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8]).toString('base64')
    const answer = await ollama.generate({ model: 'demo-chat', prompt: 'Describe', images: [jpeg] })
    expect(answer.response).toContain('I see 1 image')
    expect(
      (lastBody('/v1/chat/completions').messages as { content: unknown }[])[0]?.content,
    ).toEqual([
      { type: 'text', text: 'Describe' },
      { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${jpeg}` } },
    ])
  })

  test('an empty prompt loads the model, as one JSON object, without an upstream call', async () => {
    const before = upstream.requests.length
    const response = await fetch(`${proxy.url}/api/generate`, {
      method: 'POST',
      body: JSON.stringify({ model: 'demo-chat' }),
    })
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await response.json()).toMatchObject({
      model: 'demo-chat',
      response: '',
      done: true,
      done_reason: 'load',
    })
    const unload = await ollama.generate({ model: 'demo-chat', prompt: '', keep_alive: 0 })
    expect(unload.done_reason).toBe('unload')
    expect(upstream.requests.length).toBe(before)
  })

  test('a length-limited answer reports done_reason length', async () => {
    upstream.script({
      kind: 'sse',
      events: [chatChunk({ content: 'Once upon' }), chatChunk({}, 'length')],
    })
    const answer = await ollama.generate({
      model: 'demo-chat',
      prompt: 'Tell a story',
      options: { num_predict: 2 },
    })
    expect(answer).toMatchObject({ response: 'Once upon', done_reason: 'length' })
  })
})

describe('/api/embed and /api/embeddings', () => {
  const norm = (vector: number[]) =>
    Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0))

  test('embeds a list of texts as unit-length vectors, asking the upstream for floats', async () => {
    const response = await ollama.embed({
      model: 'demo-embed',
      input: ['first text', 'second text'],
    })
    expect(response.model).toBe('demo-embed')
    expect(response.embeddings).toHaveLength(2)
    for (const vector of response.embeddings) {
      expect(vector).toHaveLength(64)
      expect(norm(vector)).toBeCloseTo(1, 10)
    }
    expect(response.embeddings[0]).not.toEqual(response.embeddings[1])
    expect(response.prompt_eval_count).toBeGreaterThan(0)
    expect(lastBody('/v1/embeddings')).toEqual({
      model: 'demo-embed',
      input: ['first text', 'second text'],
      encoding_format: 'float',
    })
  })

  test('dimensions cuts each vector and re-normalizes it', async () => {
    const full = await ollama.embed({ model: 'demo-embed', input: 'same text' })
    const cut = await ollama.embed({ model: 'demo-embed', input: 'same text', dimensions: 8 })
    expect(cut.embeddings[0]).toHaveLength(8)
    expect(norm(cut.embeddings[0] ?? [])).toBeCloseTo(1, 10)
    const firstEight = full.embeddings[0]?.slice(0, 8) ?? []
    const scale = norm(firstEight)
    for (const [index, value] of (cut.embeddings[0] ?? []).entries()) {
      expect(value).toBeCloseTo((firstEight[index] ?? 0) / scale, 10)
    }
  })

  test('empty input is answered locally', async () => {
    const before = upstream.requests.length
    expect(await ollama.embed({ model: 'demo-embed', input: [] })).toEqual({
      model: 'demo-embed',
      embeddings: [],
    } as never)
    expect(await ollama.embed({ model: 'demo-embed', input: '' })).toEqual({
      model: 'demo-embed',
      embeddings: [],
    } as never)
    expect(upstream.requests.length).toBe(before)
  })

  test('non-string input is a 400 "invalid input type"', async () => {
    const response = await fetch(`${proxy.url}/api/embed`, {
      method: 'POST',
      body: JSON.stringify({ model: 'demo-embed', input: [1, 2] }),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error: 'invalid input type' })
  })

  test('the legacy endpoint returns one vector as the backend gave it', async () => {
    const legacy = await ollama.embeddings({ model: 'demo-embed', prompt: 'same text' })
    expect(legacy.embedding).toHaveLength(64)
    expect(norm(legacy.embedding)).not.toBeCloseTo(1, 3)
    expect(await ollama.embeddings({ model: 'demo-embed', prompt: '' })).toEqual({ embedding: [] })
  })
})
