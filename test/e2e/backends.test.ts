import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Ollama } from 'ollama'
import OpenAI from 'openai'
import { closedPortUrl, configFile } from '../support/config-file.ts'
import { chatChunk, type FakeOpenAI, startFakeOpenAI, usageChunk } from '../support/fake-openai.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'

/**
 * Three fake upstreams behind one proxy (plus one that is down and one that answers garbage):
 * merged lists, routing by name, prefix, backend and alias, alias options, fallbacks.
 */
let a: FakeOpenAI
let b: FakeOpenAI
let c: FakeOpenAI
let junk: ReturnType<typeof Bun.serve>
let proxy: RunningProxy
let ollama: Ollama
let openai: OpenAI
const config = configFile()

beforeAll(async () => {
  a = startFakeOpenAI()
  b = startFakeOpenAI()
  c = startFakeOpenAI()
  junk = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: () =>
      new Response('<html>maintenance</html>', { headers: { 'content-type': 'text/html' } }),
  })
  config.write({
    backends: {
      a: {
        base_url: a.baseUrl,
        api_key: 'sk-a-secret',
        include: ['demo-chat', 'demo-embed'],
        circuit_breaker: { failures: 0 },
      },
      b: {
        base_url: b.baseUrl,
        api_key_env: 'B_KEY',
        prefix: 'b/',
        headers: { 'X-Title': 'proxy-tests' },
        query: { 'api-version': '2024-10-21' },
      },
      c: {
        base_url: c.baseUrl,
        models: ['demo-chat', 'demo-coder'],
        context_length: 4096,
        timeout: 0.5,
      },
      down: { base_url: await closedPortUrl(), prefix: 'down/' },
      junk: { base_url: `http://127.0.0.1:${junk.port}/v1` },
    },
    aliases: {
      coder: { model: 'c/demo-coder', options: { temperature: 0.2, num_ctx: 16384, top_k: 20 } },
      'claude-haiku-4-5': 'b/demo-chat',
      lost: 'down/demo-chat',
      slow: 'c/demo-chat',
    },
    fallbacks: {
      'demo-chat': ['b/demo-chat'],
      lost: ['b/demo-chat'],
      slow: ['b/demo-chat'],
    },
  })
  proxy = startProxy({}, { configFile: config.path, env: { B_KEY: 'sk-b-secret' } })
  ollama = new Ollama({ host: proxy.url })
  openai = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 })
})

afterAll(async () => {
  await proxy.stop()
  await Promise.all([a.stop(), b.stop(), c.stop(), junk.stop(true)])
  config.remove()
})

const chat = (model: string, options?: Record<string, number>) =>
  ollama.chat({ model, messages: [{ role: 'user', content: 'Hi' }], stream: false, options })
/** The model ids a fake upstream was asked to chat with, in order. */
const chattedWith = (fake: FakeOpenAI) =>
  fake.requestsTo('/v1/chat/completions').map((request) => request.body?.model)

describe('merged model lists', () => {
  test('/api/tags lists every backend, prefixes applied, collisions once, then the aliases', async () => {
    const { models } = await ollama.list()
    expect(models.map((model) => model.name).sort()).toEqual([
      'b/demo-chat:latest',
      'b/demo-coder:latest',
      'b/demo-embed:latest',
      'b/demo-thinker:latest',
      'claude-haiku-4-5:latest',
      'coder:latest',
      'demo-chat:latest',
      'demo-coder:latest',
      'demo-embed:latest',
      'lost:latest',
      'slow:latest',
    ])
    const logged = (message: string) => proxy.logs.filter((line) => line.message === message)
    expect(logged('model offered by two backends; the first configured serves it')).toEqual([
      expect.objectContaining({ level: 'warn', model: 'demo-chat', backend: 'a', ignored: 'c' }),
    ])
    expect(
      logged('backend left out of the model list: its list cannot be had').map((line) => [
        line.backend,
        line.error,
      ]),
    ).toEqual([
      ['down', expect.stringMatching(/^the upstream cannot be reached: /)],
      ['junk', "the upstream's answer to /models is not valid JSON: maintenance"],
    ])
    // c's models are configured: its /models is never asked.
    expect(c.requestsTo('/v1/models')).toEqual([])
  })

  test('/v1/models lists the same names', async () => {
    const ids: string[] = []
    for await (const model of openai.models.list()) ids.push(model.id)
    expect(ids.sort()).toEqual([
      'b/demo-chat',
      'b/demo-coder',
      'b/demo-embed',
      'b/demo-thinker',
      'claude-haiku-4-5',
      'coder',
      'demo-chat',
      'demo-coder',
      'demo-embed',
      'lost',
      'slow',
    ])
  })

  test('/health/ready tells how each backend is doing, and stays ready', async () => {
    const response = await fetch(`${proxy.url}/health/ready`)
    expect(response.status).toBe(200)
    const { backends } = (await response.json()) as { backends: unknown[] }
    expect(backends).toEqual([
      { name: 'a', status: 'ok', circuit: 'closed', models: 2 },
      { name: 'b', status: 'ok', circuit: 'closed', models: 4 },
      { name: 'c', status: 'ok', circuit: 'closed', models: 2 },
      {
        name: 'down',
        status: 'unavailable',
        circuit: 'closed',
        models: 0,
        error: expect.stringMatching(/^the upstream cannot be reached: /),
      },
      {
        name: 'junk',
        status: 'unavailable',
        circuit: 'closed',
        models: 0,
        error: "the upstream's answer to /models is not valid JSON: maintenance",
      },
    ])
  })
})

describe('routing', () => {
  test('by exact name, prefix, and the backend that serves a name two offer', async () => {
    await chat('demo-chat')
    await chat('b/demo-coder')
    await chat('demo-coder')
    expect(chattedWith(a).at(-1)).toBe('demo-chat')
    expect(chattedWith(b).at(-1)).toBe('demo-coder')
    expect(chattedWith(c).at(-1)).toBe('demo-coder')
  })

  test('sends each backend its own key, headers and query parameters; keys never reach a log', async () => {
    await chat('b/demo-chat')
    const [request] = b.requestsTo('/v1/chat/completions').slice(-1)
    expect(request?.headers.get('authorization')).toBe('Bearer sk-b-secret')
    expect(request?.headers.get('x-title')).toBe('proxy-tests')
    expect(a.requestsTo('/v1/models')[0]?.headers.get('authorization')).toBe('Bearer sk-a-secret')
    const models = b.requests.find((each) => each.path === '/v1/models')
    expect(models).toBeDefined()
    const logs = JSON.stringify(proxy.logs)
    expect(logs).not.toContain('sk-a-secret')
    expect(logs).not.toContain('sk-b-secret')
  })

  test('an alias routes on every surface: Ollama, OpenAI', async () => {
    await chat('claude-haiku-4-5')
    expect(chattedWith(b).at(-1)).toBe('demo-chat')
    const completion = await openai.chat.completions.create({
      model: 'claude-haiku-4-5',
      messages: [{ role: 'user', content: 'Hi' }],
    })
    expect(completion.choices[0]?.message.role).toBe('assistant')
    expect(chattedWith(b).at(-1)).toBe('demo-chat')
  })

  test("an alias's options apply unless the request says otherwise", async () => {
    await chat('coder')
    expect(c.requestsTo('/v1/chat/completions').at(-1)?.body).toMatchObject({
      model: 'demo-coder',
      temperature: 0.2,
    })
    await chat('coder', { temperature: 0.7 })
    expect(c.requestsTo('/v1/chat/completions').at(-1)?.body).toMatchObject({ temperature: 0.7 })
  })

  test('/api/show says which backend and upstream id serve a name, with the alias options', async () => {
    const coder = await ollama.show({ model: 'coder' })
    expect(coder.model_info).toMatchObject({
      'proxy.backend': 'c',
      'proxy.upstream_model': 'demo-coder',
      'demo.context_length': 16384,
    } as never)
    expect(coder.parameters).toBe(
      [
        `${'num_ctx'.padEnd(30)} 16384`,
        `${'temperature'.padEnd(30)} 0.2`,
        `${'top_k'.padEnd(30)} 20`,
      ].join('\n'),
    )
    // c's context_length overrides what the backend would say.
    const demoCoder = await ollama.show({ model: 'demo-coder' })
    expect(demoCoder.model_info).toMatchObject({
      'proxy.backend': 'c',
      'demo.context_length': 4096,
    } as never)
    const prefixed = await ollama.show({ model: 'b/demo-embed' })
    expect(prefixed.model_info).toMatchObject({
      'proxy.backend': 'b',
      'proxy.upstream_model': 'demo-embed',
    } as never)
  })

  test('an unaliased coding-agent name is a 404 that names the setting, on each surface', async () => {
    const ollamaError = await fetch(`${proxy.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'claude-sonnet-4-5',
        messages: [{ role: 'user', content: 'x' }],
      }),
    })
    expect(ollamaError.status).toBe(404)
    expect(await ollamaError.json()).toEqual({
      error:
        "model 'claude-sonnet-4-5' not found: coding agents ask for this name on their own; map it to one of your models with MODEL_ALIASES=claude-sonnet-4-5=<model> or under aliases: in the config file",
    })
    const openaiError = await openai.chat.completions
      .create({ model: 'gpt-5-codex', messages: [{ role: 'user', content: 'x' }] })
      .catch((error) => error)
    expect(openaiError).toMatchObject({ status: 404 })
    expect(openaiError.message).toContain('MODEL_ALIASES=gpt-5-codex=<model>')
  })

  test('embeddings go to the backend of the name', async () => {
    const { embeddings } = await ollama.embed({ model: 'b/demo-embed', input: 'hello' })
    expect(embeddings[0]).toHaveLength(64)
    expect(b.requestsTo('/v1/embeddings').at(-1)?.body).toMatchObject({ model: 'demo-embed' })
  })
})

describe('fallback before the first output', () => {
  const fallbackLogs = () =>
    proxy.logs.filter((line) => line.message === 'falling back to the next backend')

  test.each([
    [
      'a 429',
      { kind: 'error', status: 429, body: { error: { message: 'rate limited' } } },
      'rate_limited',
    ],
    [
      'a 500',
      { kind: 'error', status: 500, body: { error: { message: 'boom' } } },
      'upstream_error',
    ],
  ] as const)('on %s: the next backend of the chain answers', async (_, reply, reason) => {
    a.script(reply)
    const before = chattedWith(b).length
    const answer = await chat('demo-chat')
    expect(answer.message.content).not.toBe('')
    expect(chattedWith(b).slice(before)).toEqual(['demo-chat'])
    expect(fallbackLogs().at(-1)).toMatchObject({
      level: 'warn',
      model: 'demo-chat',
      from: 'a/demo-chat',
      to: 'b/demo-chat',
      reason,
    })
  })

  test('on a refused connection', async () => {
    const before = chattedWith(b).length
    await chat('lost')
    expect(chattedWith(b).length).toBe(before + 1)
    expect(fallbackLogs().at(-1)).toMatchObject({
      from: 'down/demo-chat',
      to: 'b/demo-chat',
      reason: 'upstream_unreachable',
    })
  })

  test("on a timeout (the backend's own, 0.5 s)", async () => {
    c.script({ kind: 'hang-before-headers' })
    const before = chattedWith(b).length
    await chat('slow')
    expect(chattedWith(b).length).toBe(before + 1)
    expect(fallbackLogs().at(-1)).toMatchObject({
      from: 'c/demo-chat',
      to: 'b/demo-chat',
      reason: 'upstream_timeout',
      status: 504,
    })
  })

  test('not after the first output: the stream ends with an error line', async () => {
    a.script({
      kind: 'sse',
      events: [
        chatChunk({ role: 'assistant', content: 'Par' }),
        { error: { message: 'upstream overloaded' } },
      ],
      done: false,
    })
    const before = chattedWith(b).length
    const response = await fetch(`${proxy.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'demo-chat', messages: [{ role: 'user', content: 'x' }] }),
    })
    expect(response.status).toBe(200)
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines.at(0)).toMatchObject({ message: { content: 'Par' }, done: false })
    expect(lines.at(-1)).toEqual({ error: 'upstream error: upstream overloaded' })
    expect(chattedWith(b).length).toBe(before)
  })

  test('a failure of the request itself (400) is not retried elsewhere', async () => {
    a.script({ kind: 'error', status: 400, body: { error: { message: 'bad request' } } })
    const before = chattedWith(b).length
    const failure = await chat('demo-chat').catch((error) => error)
    expect(failure).toMatchObject({ status_code: 400, error: 'bad request' })
    expect(chattedWith(b).length).toBe(before)
  })

  test('usage of a fallback is the answer of the backend that served it', async () => {
    a.script({ kind: 'error', status: 503, body: {} })
    b.script({
      kind: 'sse',
      events: [chatChunk({ role: 'assistant', content: 'B' }, 'stop'), usageChunk(7, 1)],
    })
    const answer = await chat('demo-chat')
    expect(answer).toMatchObject({ message: { content: 'B' }, prompt_eval_count: 7, eval_count: 1 })
  })
})
