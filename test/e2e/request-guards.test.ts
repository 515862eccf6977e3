import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { MAX_JSON_DEPTH } from '../../src/http/parse-json-body.ts'
import { chatChunk, type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'

let upstream: FakeOpenAI
let proxy: RunningProxy

beforeAll(() => {
  upstream = startFakeOpenAI()
  proxy = startProxy({
    baseUrl: upstream.baseUrl,
    apiKey: 'k',
    maxBodySize: '512KiB',
    maxConcurrentRequests: '2',
    allowedHosts: 'proxy.lan',
  })
})
afterAll(async () => {
  await proxy.stop()
  await upstream.stop()
})

const chat = (content: string) =>
  JSON.stringify({ model: 'demo-chat', messages: [{ role: 'user', content }], stream: false })

/** A body sent without Content-Length (chunked), in pieces of `piece` bytes. */
const chunked = (text: string, piece = 8192) => {
  const bytes = new TextEncoder().encode(text)
  let offset = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(offset, offset + piece))
      offset += piece
    },
  })
}

const post = (
  path: string,
  body: string | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
) => fetch(`${proxy.url}${path}`, { method: 'POST', body, headers })

describe('DNS rebinding: listening on loopback', () => {
  test('refuses a request naming another host with 403, before any work', async () => {
    const before = upstream.requests.length
    const response = await post('/api/chat', chat('x'), { host: 'attacker.example:11434' })
    expect(response.status).toBe(403)
    expect(await response.json()).toEqual({
      error:
        'host "attacker.example:11434" is not allowed: this server listens on loopback and answers requests naming a loopback host only (ALLOWED_HOSTS adds names)',
    })
    expect(upstream.requests.length).toBe(before)
  })

  test('answers requests naming a loopback host, or one of ALLOWED_HOSTS', async () => {
    for (const host of ['localhost:11434', '127.0.0.1', '[::1]:11434', 'proxy.lan:11434']) {
      const response = await fetch(`${proxy.url}/api/version`, { headers: { host } })
      expect(response.status).toBe(200)
    }
  })
})

describe('cross-site requests', () => {
  test('a text/plain POST from another site gets 403 and never reaches the upstream', async () => {
    const before = upstream.requests.length
    const response = await post('/api/chat', chat('spend'), {
      origin: 'https://attacker.example',
      'content-type': 'text/plain',
    })
    expect(response.status).toBe(403)
    expect(await response.json()).toEqual({
      error:
        'origin "https://attacker.example" is not allowed: pages of other sites may not call this server (CORS_ORIGINS adds origins)',
    })
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
    expect(upstream.requests.length).toBe(before)
  })

  test('answers 403 in OpenAI’s shape on /v1', async () => {
    const response = await post('/v1/chat/completions', chat('spend'), {
      origin: 'https://attacker.example',
    })
    expect(response.status).toBe(403)
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe(
      'invalid_request_error',
    )
  })

  test('lets a page this server served call it (Swagger UI at a network name)', async () => {
    const response = await post('/api/chat', chat('from the docs page'), {
      host: 'proxy.lan:11434',
      origin: 'http://proxy.lan:11434',
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe('http://proxy.lan:11434')
  })
})

describe('MAX_BODY_SIZE', () => {
  const oversized = chat('x'.repeat(600 * 1024))

  test('refuses a declared Content-Length over the limit with 413, unread', async () => {
    const before = upstream.requests.length
    const response = await post('/api/chat', oversized)
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({
      error: 'request body too large: the limit is 512 KiB (MAX_BODY_SIZE)',
    })
    expect(upstream.requests.length).toBe(before)
  })

  test('refuses a chunked body once it passes the limit, in the surface’s shape', async () => {
    const before = upstream.requests.length
    const ollama = await post('/api/chat', chunked(oversized))
    expect(ollama.status).toBe(413)
    expect(await ollama.json()).toEqual({
      error: 'request body too large: the limit is 512 KiB (MAX_BODY_SIZE)',
    })
    const openai = await post('/v1/chat/completions', chunked(oversized))
    expect(openai.status).toBe(413)
    expect(await openai.json()).toEqual({
      error: {
        message: 'request body too large: the limit is 512 KiB (MAX_BODY_SIZE)',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    })
    expect(upstream.requests.length).toBe(before)
  })

  test('serves a chunked body under the limit', async () => {
    const response = await post('/api/chat', chunked(chat('y'.repeat(500 * 1024)), 1000))
    expect(response.status).toBe(200)
    const reply = (await response.json()) as { message: { content: string } }
    expect(reply.message.content).toStartWith('Hello from the demo backend! You said: "yyy')
  })

  test('counts a key in the path as no part of the body', async () => {
    const response = await post('/k/sk-anything-0123456789/api/chat', chunked(oversized))
    expect(response.status).toBe(413)
  })
})

describe('hostile JSON', () => {
  test('an object where a string belongs, with a toString key, gets 400, not 500', async () => {
    const response = await post('/api/chat', '{"model":{"toString":1},"messages":[]}')
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      error: 'model must be a string',
    })
  })

  const deep = (depth: number) => `{"model":${'['.repeat(depth)}${']'.repeat(depth)}}`

  test('a body nested 50,000 deep gets 400 while /health keeps answering', async () => {
    const [response, health] = await Promise.all([
      post('/api/chat', deep(50_000)),
      fetch(`${proxy.url}/health`),
    ])
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      error: `invalid JSON in request body: nested more than ${MAX_JSON_DEPTH} levels deep`,
    })
    expect(health.status).toBe(200)
  })

  test('on /v1 too, in OpenAI’s shape', async () => {
    const response = await post('/v1/embeddings', deep(MAX_JSON_DEPTH))
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      'invalid JSON in request body: nested more than 128 levels deep',
    )
  })
})

describe('MAX_CONCURRENT_REQUESTS', () => {
  const slowStream = () =>
    upstream.script({
      kind: 'sse',
      delayMs: 40,
      events: [
        ...Array.from({ length: 6 }, (_, index) => chatChunk({ content: `t${index} ` })),
        chatChunk({}, 'stop'),
      ],
    })

  const openStream = async () => {
    slowStream()
    const response = await post(
      '/api/chat',
      JSON.stringify({ model: 'demo-chat', messages: [{ role: 'user', content: 'go' }] }),
    )
    const reader = response.body?.getReader()
    await reader?.read()
    return async () => {
      let text = ''
      for (let part = await reader?.read(); part && !part.done; part = await reader?.read()) {
        text += new TextDecoder().decode(part.value)
      }
      return text
    }
  }

  test('answers 503 with Retry-After past the limit, while open streams go on', async () => {
    const first = await openStream()
    expect((await fetch(`${proxy.url}/api/version`)).status).toBe(200)
    const second = await openStream()
    const busy = await fetch(`${proxy.url}/api/tags`)
    expect(busy.status).toBe(503)
    expect(busy.headers.get('retry-after')).toBe('5')
    expect(await busy.json()).toEqual({
      error:
        'server busy: 2 requests in progress, the most it serves at once (MAX_CONCURRENT_REQUESTS); retry later',
    })
    const busyV1 = await fetch(`${proxy.url}/v1/models`)
    expect(busyV1.status).toBe(503)
    expect(((await busyV1.json()) as { error: { type: string } }).error.type).toBe('api_error')
    expect((await fetch(`${proxy.url}/health`)).status).toBe(200)
    expect((await fetch(`${proxy.url}/health/ready`)).status).toBe(200)
    for (const rest of [await first(), await second()]) {
      expect(rest).toContain('"done":true')
      expect(rest).not.toContain('"error"')
    }
    expect((await fetch(`${proxy.url}/api/tags`)).status).toBe(200)
  })
})
