import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Ollama } from 'ollama'
import OpenAI from 'openai'
import { chatChunk, type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'

const aliceKey = 'sk-alice-0123456789abcdef'
const ciKey = 'sk-ci-fedcba9876543210'
const wrongKey = 'sk-wrong-0123456789abcdef'

let upstream: FakeOpenAI
let proxy: RunningProxy

beforeAll(() => {
  upstream = startFakeOpenAI()
  proxy = startProxy({
    baseUrl: upstream.baseUrl,
    apiKey: 'sk-upstream-secret',
    apiKeys: `alice:${aliceKey}\n${ciKey}`,
  })
})
afterAll(async () => {
  await proxy.stop()
  await upstream.stop()
})

const chatBody = JSON.stringify({
  model: 'demo-chat',
  messages: [{ role: 'user', content: 'Hi' }],
  stream: false,
})
const requestLines = () => proxy.logs.filter((line) => line.message === 'request')

describe('API_KEYS: a request without a valid key', () => {
  test('gets 401 in the Ollama shape, with WWW-Authenticate, and the upstream is not called', async () => {
    const before = upstream.requests.length
    const response = await fetch(`${proxy.url}/api/chat`, { method: 'POST', body: chatBody })
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="ollama-openai-proxy"')
    expect(await response.json()).toEqual({
      error:
        'missing API key: send it as "Authorization: Bearer <key>" or "x-api-key: <key>", or start the path with /k/<key>/',
    })
    expect(upstream.requests.length).toBe(before)
  })

  test('gets 401 in OpenAI’s error shape on /v1, from the official SDK', async () => {
    const before = upstream.requests.length
    const openai = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: wrongKey, maxRetries: 0 })
    const failure = await openai.models.list().catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.AuthenticationError)
    expect((failure as InstanceType<typeof OpenAI.AuthenticationError>).error).toEqual({
      message: 'invalid API key',
      type: 'invalid_request_error',
      param: null,
      code: null,
    })
    expect(
      (failure as InstanceType<typeof OpenAI.AuthenticationError>).headers.get('www-authenticate'),
    ).toBe('Bearer realm="ollama-openai-proxy", error="invalid_token"')
    expect(upstream.requests.length).toBe(before)
  })

  test.each([
    ['a wrong bearer token', { authorization: `Bearer ${wrongKey}` }],
    ['a wrong x-api-key', { 'x-api-key': wrongKey }],
    ['a key with another scheme', { authorization: `Basic ${btoa(`u:${aliceKey}`)}` }],
    ['the upstream key', { authorization: 'Bearer sk-upstream-secret' }],
  ])('is refused with %s', async (_, headers) => {
    const response = await fetch(`${proxy.url}/api/tags`, { headers })
    expect(response.status).toBe(401)
  })

  test('is refused on unknown paths too, before the 404 could tell what exists', async () => {
    const response = await fetch(`${proxy.url}/api/nothing-here`)
    expect(response.status).toBe(401)
  })

  test('is refused with a wrong key in the path', async () => {
    const response = await fetch(`${proxy.url}/k/${wrongKey}/v1/models`)
    expect(response.status).toBe(401)
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      'invalid API key',
    )
  })
})

describe('API_KEYS: a request with a valid key', () => {
  test('chats through the official ollama client with a bearer token', async () => {
    const ollama = new Ollama({ host: proxy.url, headers: { authorization: `Bearer ${aliceKey}` } })
    const reply = await ollama.chat({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Hello keys' }],
    })
    expect(reply.message.content).toBe('Hello from the demo backend! You said: "Hello keys".')
  })

  test('chats through the official openai SDK (bearer), and the key stays here', async () => {
    const openai = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: ciKey, maxRetries: 0 })
    const completion = await openai.chat.completions.create({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Hello SDK' }],
    })
    expect(completion.choices[0]?.message.content).toBe(
      'Hello from the demo backend! You said: "Hello SDK".',
    )
    const sent = upstream.requestsTo('/v1/chat/completions').at(-1)?.headers
    expect(sent?.get('authorization')).toBe('Bearer sk-upstream-secret')
  })

  test('is accepted as x-api-key', async () => {
    const response = await fetch(`${proxy.url}/api/tags`, { headers: { 'x-api-key': aliceKey } })
    expect(response.status).toBe(200)
  })

  test('is accepted in the path, by clients that only take a base URL', async () => {
    const ollama = new Ollama({ host: `${proxy.url}/k/${aliceKey}` })
    const { models } = await ollama.list()
    expect(models.map((model) => model.name)).toContain('demo-chat:latest')
    const openai = new OpenAI({
      baseURL: `${proxy.url}/k/${ciKey}/v1`,
      apiKey: 'ignored',
      maxRetries: 0,
    })
    const stream = await openai.chat.completions.create({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Streamed' }],
      stream: true,
    })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
    expect(text).toBe('Hello from the demo backend! You said: "Streamed".')
  })

  test('in the path, reaches routes with parameters and keeps the query', async () => {
    const response = await fetch(`${proxy.url}/k/${aliceKey}/v1/models/demo-chat?x=1`)
    expect(response.status).toBe(200)
    expect(((await response.json()) as { id: string }).id).toBe('demo-chat')
  })

  test('in the path, still answers errors in the shape of the path after the key', async () => {
    const response = await fetch(`${proxy.url}/k/${aliceKey}/v1/chat/completions`, {
      method: 'POST',
      body: '{"model":',
    })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe(
      'invalid_request_error',
    )
  })
})

describe('API_KEYS: a key in the path', () => {
  test('still lets a client that goes away abort the upstream request', async () => {
    upstream.script({
      kind: 'sse',
      delayMs: 200,
      events: Array.from({ length: 20 }, (_, index) => chatChunk({ content: `t${index} ` })),
    })
    const controller = new AbortController()
    const response = await fetch(`${proxy.url}/k/${aliceKey}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'demo-chat', messages: [{ role: 'user', content: 'long' }] }),
      signal: controller.signal,
    })
    await response.body?.getReader().read()
    const upstreamRequest = upstream.requestsTo('/v1/chat/completions').at(-1)
    const abortedAt = performance.now()
    controller.abort()
    while (upstreamRequest?.abortedAt === undefined && performance.now() - abortedAt < 1000) {
      await Bun.sleep(2)
    }
    expect((upstreamRequest?.abortedAt ?? Number.POSITIVE_INFINITY) - abortedAt).toBeLessThan(100)
  })
})

describe('API_KEYS: open paths', () => {
  test.each(['/', '/health', '/health/ready', '/swagger', '/swagger/json'])(
    '%s answers without a key',
    async (path) => {
      const response = await fetch(`${proxy.url}${path}`)
      expect(response.status).toBe(200)
    },
  )

  test('HEAD / answers without a key', async () => {
    const response = await fetch(`${proxy.url}/`, { method: 'HEAD' })
    expect(response.status).toBe(200)
  })
})

describe('API_KEYS: logs', () => {
  test('name the client, never its key, nor a wrong one, nor the path that carried one', async () => {
    await fetch(`${proxy.url}/api/version`, { headers: { authorization: `Bearer ${aliceKey}` } })
    await fetch(`${proxy.url}/k/${ciKey}/api/version`)
    await fetch(`${proxy.url}/k/${wrongKey}/api/version`)
    await fetch(`${proxy.url}/api/version`, { headers: { 'x-api-key': wrongKey } })
    const versions = () => requestLines().filter((line) => line.path === '/api/version')
    // Each line is written once its response has gone.
    while (versions().length < 4) await Bun.sleep(1)
    expect(
      versions()
        .slice(-4)
        .map((line) => [line.status, line.client]),
    ).toEqual([
      [200, 'alice'],
      [200, 'key-2'],
      [401, undefined],
      [401, undefined],
    ])
    const logs = JSON.stringify(proxy.logs)
    for (const secret of [aliceKey, ciKey, wrongKey, 'sk-upstream-secret']) {
      expect(logs).not.toContain(secret)
    }
    expect(proxy.logs.filter((line) => String(line.path).startsWith('/k/'))).toEqual([])
  })
})

describe('API_KEYS: the OpenAPI document', () => {
  test('declares the bearer and x-api-key schemes, required except on open paths', async () => {
    const document = (await (await fetch(`${proxy.url}/swagger/json`)).json()) as {
      components: { securitySchemes: Record<string, object> }
      security: object[]
      paths: Record<string, Record<string, { security?: object[]; responses: object }>>
    }
    expect(document.components.securitySchemes).toEqual({
      bearer: {
        type: 'http',
        scheme: 'bearer',
        description: 'A key of API_KEYS, sent as `Authorization: Bearer <key>`',
      },
      apiKey: {
        type: 'apiKey',
        in: 'header',
        name: 'x-api-key',
        description: 'A key of API_KEYS, sent as `x-api-key: <key>`',
      },
    })
    expect(document.security).toEqual([{ bearer: [] }, { apiKey: [] }])
    expect(document.paths['/health']?.get?.security).toEqual([])
    expect(document.paths['/']?.get?.security).toEqual([])
    expect(document.paths['/api/chat']?.post?.security).toBeUndefined()
    expect(Object.keys(document.paths['/api/chat']?.post?.responses ?? {})).toContain('401')
    expect(Object.keys(document.paths['/health']?.get?.responses ?? {})).not.toContain('401')
  })

  test('declares no scheme when no key is configured', async () => {
    const open = startProxy({ baseUrl: upstream.baseUrl, apiKey: 'k' })
    try {
      const document = (await (await fetch(`${open.url}/swagger/json`)).json()) as object
      expect(document).not.toHaveProperty('security')
      expect(JSON.stringify(document)).not.toContain('securitySchemes')
      expect(JSON.stringify(document)).not.toContain('"401"')
    } finally {
      await open.stop()
    }
  })
})
