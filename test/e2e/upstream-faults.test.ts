/**
 * Every upstream fault ends cleanly: one scenario per fault, each asserting what the client sees
 * (status and message, or the stream's last line) and that the service still answers /health.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'bun:test'
import { Ollama } from 'ollama'
import OpenAI from 'openai'
import { chatChunk, type FakeOpenAI, startFakeOpenAI, usageChunk } from '../support/fake-openai.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'

const apiKey = 'sk-fault-test-4b2e9c'
let upstream: FakeOpenAI
let proxy: RunningProxy

beforeAll(() => {
  upstream = startFakeOpenAI()
  proxy = startProxy(
    {
      baseUrl: upstream.baseUrl,
      apiKey,
      upstreamTimeout: '0.5',
      upstreamIdleTimeout: '0.5',
      modelsCacheTtl: '0',
      keepAliveInterval: '0.2',
    },
    // Far shorter than the upstream's silences below: the server must not cut those streams.
    { idleTimeout: 1 },
  )
})
afterAll(async () => {
  await proxy.stop()
  await upstream.stop()
})
afterEach(async () => {
  const health = await fetch(`${proxy.url}/health`)
  expect(health.status).toBe(200)
})

const hi = { model: 'demo-chat', messages: [{ role: 'user', content: 'Hi' }] }
const post = (path: string, body: object) =>
  fetch(`${proxy.url}${path}`, { method: 'POST', body: JSON.stringify(body) })
/** The lines of an NDJSON response, parsed. */
const lines = async (response: Response) =>
  (await response.text())
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
const answer = async (response: Response) => [response.status, await response.json()]

describe('before the answer starts: an HTTP error saying what happened', () => {
  test('no headers in time: 504', async () => {
    upstream.script({ kind: 'hang-before-headers' })
    expect(await answer(await post('/api/chat', { ...hi, stream: false }))).toEqual([
      504,
      { error: 'the upstream did not answer in time' },
    ])
  })

  test('headers, then silence past the idle timeout: 504 naming the limit (Ollama streams wait for their first output)', async () => {
    upstream.script({ kind: 'hang' })
    expect(await answer(await post('/api/chat', hi))).toEqual([
      504,
      { error: 'the upstream sent nothing for 0.5 s' },
    ])
  })

  test('a non-streamed answer whose body hangs after its headers: 504, not a wait of minutes', async () => {
    upstream.script({
      kind: 'sse',
      events: [chatChunk({ content: 'Hel' })],
      done: false,
      after: 'hang',
    })
    expect(await answer(await post('/api/chat', { ...hi, stream: false }))).toEqual([
      504,
      { error: 'the upstream sent nothing for 0.5 s' },
    ])
  })

  test('an HTML error page of 2 MB: 502 quoting its title only', async () => {
    const page = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>${'<p>nginx</p>'.repeat(200_000)}</body></html>`
    upstream.script({ kind: 'raw', status: 500, body: page, contentType: 'text/html' })
    expect(await answer(await post('/api/chat', hi))).toEqual([
      502,
      { error: 'upstream error (HTTP 500): 502 Bad Gateway' },
    ])
  })

  test('429: passed on with its Retry-After', async () => {
    upstream.script({
      kind: 'error',
      status: 429,
      body: { error: { message: 'Rate limit reached', type: 'requests' } },
      headers: { 'retry-after': '42' },
    })
    const response = await post('/api/chat', hi)
    expect([response.status, response.headers.get('retry-after'), await response.json()]).toEqual([
      429,
      '42',
      { error: 'Rate limit reached' },
    ])
  })

  test('401 quoting the key: 502 about the credentials, the key redacted', async () => {
    upstream.script({
      kind: 'error',
      status: 401,
      body: { error: `Incorrect API key provided: ${apiKey}` },
    })
    const response = await post('/api/chat', hi)
    const text = await response.text()
    expect(response.status).toBe(502)
    expect(text).not.toContain(apiKey)
    expect(JSON.parse(text)).toEqual({
      error:
        "the upstream refused this server's credentials (HTTP 401): Incorrect API key provided: [redacted]; check OPENAI_API_KEY",
    })
  })

  test('a quoted message cut in the middle of the key: no part of the key gets out', async () => {
    // The key straddles the 500th character, where quoted upstream text is cut.
    const message = `${'x'.repeat(476)} Bearer ${apiKey} ${'y'.repeat(100)}`
    upstream.script({ kind: 'error', status: 500, body: { error: { message } } })
    const text = await (await post('/api/chat', hi)).text()
    expect(text).not.toContain(apiKey.slice(0, 12))
    expect(JSON.parse(text).error).toEndWith('Bearer [redacted]…')
  })

  test('an event stream that is not JSON: 502 quoting the start of the event', async () => {
    upstream.script({ kind: 'sse', events: ['data: {not json at all\n\n'] })
    expect(await answer(await post('/api/chat', hi))).toEqual([
      502,
      { error: 'the upstream sent an invalid stream event: {not json at all' },
    ])
  })

  test('/embeddings answering invalid JSON: 502', async () => {
    upstream.script({ kind: 'raw', body: '{"data": [', contentType: 'application/json' })
    expect(await answer(await post('/api/embed', { model: 'demo-embed', input: 'x' }))).toEqual([
      502,
      { error: 'the upstream\'s answer to /embeddings is not valid JSON: {"data": [' },
    ])
  })

  test('/embeddings answering JSON without embeddings: 502', async () => {
    upstream.script({ kind: 'raw', body: '{"object":"list"}', contentType: 'application/json' })
    expect(await answer(await post('/api/embed', { model: 'demo-embed', input: 'x' }))).toEqual([
      502,
      { error: 'the upstream answered /embeddings without a list of embeddings' },
    ])
  })
})

describe('after the answer started: the stream ends with an error saying what happened', () => {
  test('a connection reset mid-answer', async () => {
    upstream.script({
      kind: 'sse',
      events: [chatChunk({ content: 'Hel' })],
      delayMs: 50,
      done: false,
      after: 'reset',
    })
    const received = await lines(await post('/api/chat', hi))
    expect(received.map((line) => line.message ?? line)).toEqual([
      { role: 'assistant', content: 'Hel' },
      { error: 'the upstream closed the connection mid-answer' },
    ])
  })

  test('silence past the idle timeout mid-answer', async () => {
    upstream.script({
      kind: 'sse',
      events: [chatChunk({ content: 'Hel' })],
      done: false,
      after: 'hang',
    })
    expect((await lines(await post('/api/chat', hi))).at(-1)).toEqual({
      error: 'the upstream sent nothing for 0.5 s',
    })
  })

  test('an error event quoting the key: redacted in the error line', async () => {
    upstream.script({
      kind: 'sse',
      events: [
        chatChunk({ content: 'Hel' }),
        `event: error\ndata: {"message":"upstream auth failed for Bearer ${apiKey}"}\n\n`,
      ],
    })
    const text = await (await post('/api/chat', hi)).text()
    expect(text).not.toContain(apiKey)
    expect(JSON.parse(text.trim().split('\n').at(-1) as string)).toEqual({
      error: 'upstream error: upstream auth failed for Bearer [redacted]',
    })
  })

  test('through the official client: the error line throws with the message', async () => {
    upstream.script({
      kind: 'sse',
      events: [chatChunk({ content: 'Hel' })],
      delayMs: 50,
      done: false,
      after: 'reset',
    })
    const parts: string[] = []
    const failure = await (async () => {
      for await (const part of await new Ollama({ host: proxy.url }).chat({
        ...hi,
        stream: true,
      })) {
        parts.push(part.message.content)
      }
    })().catch((error: Error) => error)
    expect(parts).toEqual(['Hel'])
    expect((failure as Error).message).toBe('the upstream closed the connection mid-answer')
  })
})

describe('/v1 pass-through', () => {
  const openai = () => new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 })

  test('a reset mid-stream ends the event stream with an error event the SDK throws', async () => {
    upstream.script({
      kind: 'sse',
      events: [chatChunk({ content: 'Hel' })],
      delayMs: 50,
      done: false,
      after: 'reset',
    })
    const stream = await openai().chat.completions.create({ ...hi, stream: true } as never)
    const contents: string[] = []
    const failure = await (async () => {
      for await (const chunk of stream as unknown as AsyncIterable<OpenAI.ChatCompletionChunk>) {
        contents.push(chunk.choices[0]?.delta.content ?? '')
      }
    })().catch((error: Error) => error)
    expect(contents).toEqual(['Hel'])
    expect((failure as Error).message).toBe('the upstream closed the connection mid-answer')
    const logged = proxy.logs.findLast((line) => line.path === '/v1/chat/completions')
    expect(logged).toMatchObject({ level: 'warn', stream: 'failed' })
  })

  test('a reset in the middle of an event: the partial event is dropped, the error event is whole', async () => {
    upstream.script({
      kind: 'sse',
      events: [
        chatChunk({ content: 'Hel' }),
        'data: {"id":"chatcmpl-test","choices":[{"index":0,"delta":{"content":"lo',
      ],
      delayMs: 50,
      done: false,
      after: 'reset',
    })
    const response = await post('/v1/chat/completions', { ...hi, stream: true })
    const text = await response.text()
    const events = text.split('\n\n').filter((event) => event && !event.startsWith(':'))
    expect(events).toEqual([
      `data: ${JSON.stringify(chatChunk({ content: 'Hel' }))}`,
      `data: ${JSON.stringify({
        error: {
          message: 'the upstream closed the connection mid-answer',
          type: 'api_error',
          param: null,
          code: null,
        },
      })}`,
    ])
  })

  test('a non-streamed answer that breaks off is a 502', async () => {
    upstream.script({
      kind: 'sse',
      events: ['{"id":"x","choi'],
      contentType: 'application/json',
      delayMs: 50,
      done: false,
      after: 'reset',
    })
    const response = await post('/v1/chat/completions', hi)
    expect(await answer(response)).toEqual([
      502,
      {
        error: {
          message: 'the upstream closed the connection mid-answer',
          type: 'api_error',
          param: null,
          code: null,
        },
      },
    ])
  })

  test('a stream silent for longer than the server idle timeout stays open, with keep-alives between events', async () => {
    upstream.script({
      kind: 'sse',
      events: [chatChunk({ content: 'a' }), chatChunk({ content: 'b' }, 'stop')],
      delayMs: 400,
    })
    const text = await (await post('/v1/chat/completions', { ...hi, stream: true })).text()
    expect(text).toContain('\n\n: keep-alive\n\ndata: ')
    expect(text).toContain('"content":"b"')
    expect(text).toContain('data: [DONE]\n\n')
  })
})

describe('slow and large answers pass', () => {
  test('a slow drip, each piece within the idle timeout, longer than the server idle timeout in all', async () => {
    upstream.script({
      kind: 'sse',
      events: [
        chatChunk({ content: 'one ' }),
        chatChunk({ content: 'two ' }),
        chatChunk({ content: 'three ' }),
        chatChunk({ content: 'four' }, 'stop'),
        usageChunk(3, 4),
      ],
      delayMs: 300,
    })
    const received = await lines(await post('/api/chat', hi))
    expect(received.map((line) => (line.message as { content: string }).content).join('')).toBe(
      'one two three four',
    )
    expect(received.at(-1)).toMatchObject({ done: true, done_reason: 'stop', eval_count: 4 })
  })

  test('one huge chunk passes whole', async () => {
    const huge = 'x'.repeat(5 * 2 ** 20)
    upstream.script({ kind: 'sse', events: [chatChunk({ content: huge }, 'stop')] })
    const response = (await (await post('/api/chat', { ...hi, stream: false })).json()) as {
      message: { content: string }
    }
    expect(response.message.content.length).toBe(huge.length)
  })
})

describe('retries (UPSTREAM_MAX_RETRIES): only while nothing has reached the client', () => {
  let retrying: RunningProxy
  beforeAll(() => {
    retrying = startProxy({
      baseUrl: upstream.baseUrl,
      apiKey,
      upstreamRetries: '2',
      modelsCacheTtl: '0',
    })
  })
  afterAll(() => retrying.stop())
  const chats = () => upstream.requestsTo('/v1/chat/completions').length
  const postTo = (body: object) =>
    fetch(`${retrying.url}/api/chat`, { method: 'POST', body: JSON.stringify(body) })

  test('a 503 before the answer, then an answer: the client gets the answer', async () => {
    const before = chats()
    upstream.script({ kind: 'error', status: 503, body: { error: { message: 'overloaded' } } })
    const received = await lines(await postTo(hi))
    expect(received.at(-1)).toMatchObject({ done: true, done_reason: 'stop' })
    expect(chats() - before).toBe(2)
  })

  test('headers, then the connection closed before any output: asked again', async () => {
    const before = chats()
    upstream.script({
      kind: 'sse',
      events: [chatChunk({ role: 'assistant', content: '' })],
      delayMs: 50,
      done: false,
      after: 'reset',
    })
    const received = await lines(await postTo(hi))
    expect(received.map((line) => (line.message as { content: string }).content).join('')).toBe(
      'Hello from the demo backend! You said: "Hi".',
    )
    expect(chats() - before).toBe(2)
    expect(
      retrying.logs.some(
        (line) => line.message === 'retrying: the upstream failed before any output',
      ),
    ).toBe(true)
  })

  test('output reached the client: never asked again, the stream ends with its error line', async () => {
    const before = chats()
    upstream.script({
      kind: 'sse',
      events: [chatChunk({ content: 'Hel' })],
      delayMs: 50,
      done: false,
      after: 'reset',
    })
    const received = await lines(await postTo(hi))
    expect(received.at(-1)).toEqual({ error: 'the upstream closed the connection mid-answer' })
    expect(chats() - before).toBe(1)
  })
})

describe('a broken /models', () => {
  /** A proxy of its own for each test, whose model list is not known yet. */
  let cold: RunningProxy
  beforeEach(() => {
    cold = startProxy({ baseUrl: upstream.baseUrl, apiKey, modelsCacheTtl: '0' })
  })
  afterEach(() => cold.stop())
  const tags = async () => answer(await fetch(`${cold.url}/api/tags`))
  const coldChat = () => fetch(`${cold.url}/api/chat`, { method: 'POST', body: JSON.stringify(hi) })

  test.each([
    [
      'invalid JSON',
      '{"data": [{"id": "a"',
      'the upstream\'s answer to /models is not valid JSON: {"data": [{"id": "a"',
    ],
    [
      'ids that are not strings',
      '{"data": [{"id": 7}]}',
      "the upstream's model list (/models) is not valid: entry 0 has no string id",
    ],
    [
      'a list that is not a list',
      '{"data": "none"}',
      'the upstream\'s model list (/models) is not valid: expected {"data": [...]}',
    ],
  ])(
    'with no list yet: %s is a 502 saying so, on tags and on chat',
    async (_name, body, message) => {
      upstream.scriptModels({ kind: 'raw', body, contentType: 'application/json' })
      expect(await tags()).toEqual([502, { error: message }])
      // The failure stands until it is worth asking again: the chat gets it without a new ask.
      expect(await answer(await coldChat())).toEqual([502, { error: message }])
    },
  )

  test('no list within MODELS_TIMEOUT: 504 naming the limit', async () => {
    const impatient = startProxy({
      baseUrl: upstream.baseUrl,
      apiKey,
      modelsCacheTtl: '0',
      modelsTimeout: '0.3',
    })
    try {
      upstream.scriptModels({ kind: 'hang-before-headers' })
      expect(await answer(await fetch(`${impatient.url}/api/tags`))).toEqual([
        504,
        { error: 'the upstream did not list its models within 0.3 s (MODELS_TIMEOUT)' },
      ])
    } finally {
      await impatient.stop()
    }
  })

  test('a 200 with an HTML page is a 502', async () => {
    upstream.scriptModels({
      kind: 'raw',
      body: '<html><title>Login</title></html>',
      contentType: 'text/html',
    })
    expect(await tags()).toEqual([
      502,
      { error: "the upstream's answer to /models is not valid JSON: Login" },
    ])
  })
})

test('a hanging /models holds nothing up once a list is known: the cached one is served', async () => {
  const warm = startProxy({ baseUrl: upstream.baseUrl, apiKey, modelsCacheTtl: '0' })
  try {
    expect((await fetch(`${warm.url}/api/tags`)).status).toBe(200)
    upstream.scriptModels({ kind: 'hang-before-headers' }, { kind: 'hang-before-headers' })
    const tags = await fetch(`${warm.url}/api/tags`, { signal: AbortSignal.timeout(2000) })
    expect(tags.status).toBe(200)
    const chat = await fetch(`${warm.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ ...hi, stream: false }),
      signal: AbortSignal.timeout(2000),
    })
    expect(chat.status).toBe(200)
  } finally {
    await warm.stop()
  }
})
