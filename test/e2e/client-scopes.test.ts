/**
 * Client keys limited to some models and backends (`clients:` in the config file), on every
 * surface: what a key may not use is neither listed nor served (404, as if it did not exist).
 * And /metrics: behind the client keys unless METRICS_PUBLIC is true.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import Anthropic from '@anthropic-ai/sdk'
import { Ollama } from 'ollama'
import OpenAI from 'openai'
import { configFile } from '../support/config-file.ts'
import { type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'

const aliceKey = 'alice-key-0123456789abcdef'
const bobKey = 'bob-key-0123456789abcdef'
let local: FakeOpenAI
let cloud: FakeOpenAI
let proxy: RunningProxy
const config = configFile()

beforeAll(() => {
  local = startFakeOpenAI()
  cloud = startFakeOpenAI()
  config.write({
    backends: {
      local: { base_url: local.baseUrl, models: ['demo-chat', 'demo-embed'] },
      cloud: { base_url: cloud.baseUrl, prefix: 'cloud/', models: ['demo-chat', 'demo-thinker'] },
    },
    aliases: { fast: 'cloud/demo-chat' },
    clients: {
      alice: { models: ['demo-*'], backends: ['local'] },
    },
  })
  proxy = startProxy(
    { apiKeys: `alice:${aliceKey},bob:${bobKey}` },
    { configFile: config.path, env: {} },
  )
})
afterAll(async () => {
  await proxy.stop()
  await Promise.all([local.stop(), cloud.stop()])
  config.remove()
})

const ollamaFor = (key: string) =>
  new Ollama({ host: proxy.url, headers: { Authorization: `Bearer ${key}` } })
const openaiFor = (key: string) =>
  new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: key, maxRetries: 0 })
const hi = [{ role: 'user' as const, content: 'Hi' }]

describe('a client key limited to some models and backends', () => {
  test('lists only what it may use, on /api/tags and /v1/models', async () => {
    const names = (await ollamaFor(aliceKey).list()).models.map((model) => model.name).sort()
    expect(names).toEqual(['demo-chat:latest', 'demo-embed:latest'])
    const ids: string[] = []
    for await (const model of openaiFor(aliceKey).models.list()) ids.push(model.id)
    expect(ids.sort()).toEqual(['demo-chat', 'demo-embed'])
  })

  test('chats with what it may use', async () => {
    const answer = await ollamaFor(aliceKey).chat({ model: 'demo-chat', messages: hi })
    expect(answer.message.content).toBe('Hello from the demo backend! You said: "Hi".')
    expect(local.requestsTo('/v1/chat/completions').at(-1)?.body?.model).toBe('demo-chat')
  })

  test('gets a plain 404 for another backend, an alias there, or a name outside its globs, on every surface', async () => {
    const asked = cloud.requests.length
    for (const model of ['cloud/demo-chat', 'fast', 'cloud/demo-thinker']) {
      const ollama = await ollamaFor(aliceKey)
        .chat({ model, messages: hi })
        .catch((error: { status_code: number; error: string }) => [error.status_code, error.error])
      expect(ollama).toEqual([404, `model '${model}' not found`])
      const openai = await openaiFor(aliceKey)
        .chat.completions.create({ model, messages: hi })
        .catch((error: InstanceType<typeof OpenAI.APIError>) => error.status)
      expect(openai).toBe(404)
      const show = await ollamaFor(aliceKey)
        .show({ model })
        .catch((error: { status_code: number }) => error.status_code)
      expect(show).toBe(404)
    }
    const anthropic = new Anthropic({ baseURL: proxy.url, apiKey: aliceKey, maxRetries: 0 })
    const messages = await anthropic.messages
      .create({ model: 'fast', max_tokens: 16, messages: hi })
      .catch((error: InstanceType<typeof Anthropic.APIError>) => error.status)
    expect(messages).toBe(404)
    const responses = await openaiFor(aliceKey)
      .responses.create({ model: 'fast', input: 'Hi' })
      .catch((error: InstanceType<typeof OpenAI.APIError>) => error.status)
    expect(responses).toBe(404)
    const embed = await ollamaFor(aliceKey)
      .embed({ model: 'cloud/demo-chat', input: 'x' })
      .catch((error: { status_code: number }) => error.status_code)
    expect(embed).toBe(404)
    expect(cloud.requests.length).toBe(asked)
  })

  test('a key not listed under clients may use everything', async () => {
    const names = (await ollamaFor(bobKey).list()).models.map((model) => model.name).sort()
    expect(names).toEqual([
      'cloud/demo-chat:latest',
      'cloud/demo-thinker:latest',
      'demo-chat:latest',
      'demo-embed:latest',
      'fast:latest',
    ])
    const answer = await ollamaFor(bobKey).chat({ model: 'fast', messages: hi })
    expect(answer.message.content).toBe('Hello from the demo backend! You said: "Hi".')
    expect(cloud.requestsTo('/v1/chat/completions').at(-1)?.body?.model).toBe('demo-chat')
  })
})

describe('/metrics', () => {
  test('needs a client key when keys are set', async () => {
    expect((await fetch(`${proxy.url}/metrics`)).status).toBe(401)
    const withKey = await fetch(`${proxy.url}/metrics`, {
      headers: { Authorization: `Bearer ${bobKey}` },
    })
    expect(withKey.status).toBe(200)
    expect(await withKey.text()).toContain('# TYPE ollama_proxy_requests_total counter')
  })

  test('is open with METRICS_PUBLIC, the rest still needs a key', async () => {
    const open = startProxy(
      { apiKeys: `alice:${aliceKey}`, metricsPublic: 'true' },
      { configFile: config.path, env: {} },
    )
    try {
      expect((await fetch(`${open.url}/metrics`)).status).toBe(200)
      expect((await fetch(`${open.url}/api/tags`)).status).toBe(401)
      // The API document says so too.
      const document = (await (await fetch(`${open.url}/swagger/json`)).json()) as {
        paths: Record<string, Record<string, { security?: object[] }>>
      }
      expect(document.paths['/metrics']?.get?.security).toEqual([])
      expect(document.paths['/api/tags']?.get?.security).toBeUndefined()
    } finally {
      await open.stop()
    }
  })
})

test('a clients entry naming no client key is refused at start, saying which', () => {
  const wrong = configFile()
  wrong.write({ clients: { carol: { models: ['*'] } } })
  try {
    expect(() =>
      startProxy({ apiKeys: `alice:${aliceKey}` }, { configFile: wrong.path, env: {} }),
    ).toThrow(
      `${wrong.path}: clients.carol: no client key is named carol (API_KEYS names its keys as name:key)`,
    )
  } finally {
    wrong.remove()
  }
})
