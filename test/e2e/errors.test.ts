import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Ollama } from 'ollama'
import { chatChunk, type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'

let upstream: FakeOpenAI
let proxy: RunningProxy
let ollama: Ollama

beforeAll(() => {
  upstream = startFakeOpenAI()
  proxy = startProxy({ baseUrl: upstream.baseUrl, apiKey: 'sk-secret-value' })
  ollama = new Ollama({ host: proxy.url })
})
afterAll(async () => {
  await proxy.stop()
  await upstream.stop()
})

const chat = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${proxy.url}/api/chat`, { method: 'POST', body, headers })
const hi = { model: 'demo-chat', messages: [{ role: 'user', content: 'Hi' }] }

/** The request log line of the request with this x-request-id, once written. */
const requestLine = (of: RunningProxy, requestId: string) =>
  of.logLine((entry) => entry.message === 'request' && entry.request_id === requestId)

async function expectError(response: Response, status: number, error: string | RegExp) {
  expect(response.status).toBe(status)
  expect(response.headers.get('content-type')).toStartWith('application/json')
  const body = (await response.json()) as { error: string }
  expect(Object.keys(body)).toEqual(['error'])
  if (typeof error === 'string') expect(body.error).toBe(error)
  else expect(body.error).toMatch(error)
}

describe('client mistakes are 400s with an Ollama error body', () => {
  test.each([
    ['an empty body', '', 'missing request body'],
    ['invalid JSON', '{"model":', /^invalid JSON in request body/],
    ['a JSON array', '[1,2]', 'invalid request body: expected a JSON object'],
    ['a wrong type', '{"model":"demo-chat","stream":"yes"}', 'stream must be true or false'],
    [
      'a wrong nested type',
      '{"model":"demo-chat","options":{"temperature":"hot"}}',
      'options.temperature must be a number',
    ],
    [
      'a bad think value',
      '{"model":"demo-chat","think":"maybe"}',
      'think must be a boolean or one of "high", "medium", "low", "max"',
    ],
    [
      'top_logprobs out of range',
      '{"model":"demo-chat","top_logprobs":21}',
      'top_logprobs must be between 0 and 20',
    ],
    ['no model', '{"messages":[]}', 'model is required'],
    [
      'an unknown format',
      '{"model":"demo-chat","format":"xml","messages":[{"role":"user","content":"x"}]}',
      'invalid format: "xml"; expected "json" or a valid JSON Schema object',
    ],
    [
      'a bad keep_alive',
      '{"model":"demo-chat","keep_alive":"soon"}',
      'time: invalid duration "soon"',
    ],
    [
      'an unknown role',
      '{"model":"demo-chat","messages":[{"role":"robot","content":"x"}]}',
      'invalid message role "robot": expected system, user, assistant or tool',
    ],
    [
      'an image that is not base64',
      '{"model":"demo-chat","messages":[{"role":"user","content":"x","images":["not base64!"]}]}',
      'invalid image: expected base64-encoded image data',
    ],
  ])('%s', async (_case, body, error) => {
    await expectError(await chat(body), 400, error)
  })

  test.each([
    ['/api/chat', { messages: 'x' }, 'messages must be a list of messages'],
    [
      '/api/chat',
      { messages: { role: 'user', content: 'x' } },
      'messages must be a list of messages',
    ],
    ['/api/chat', { messages: ['Hi'] }, 'messages[0] must be a message object'],
    ['/api/chat', { messages: [{ content: 'Hi' }] }, 'messages[0].role is required'],
    [
      '/api/chat',
      { messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] },
      'messages[0].content must be a string',
    ],
    [
      '/api/chat',
      { messages: [{ role: 'user', content: 'x', images: 'aGk=' }] },
      'messages[0].images must be a list of strings',
    ],
    [
      '/api/chat',
      { messages: [{ role: 'assistant', content: '', tool_calls: { function: {} } }] },
      'messages[0].tool_calls must be a list of tool calls',
    ],
    ['/api/chat', { tools: { type: 'function' } }, 'tools must be a list of tools'],
    ['/api/chat', { tools: [{ function: { name: 'f' } }] }, 'tools[0].type is required'],
    [
      '/api/chat',
      { tools: [{ type: 'function', function: {} }] },
      'tools[0].function.name is required',
    ],
    ['/api/chat', { options: 'fast' }, 'options must be an object'],
    ['/api/chat', { options: [0.7] }, 'options must be an object'],
    ['/api/chat', { options: { stop: 3 } }, 'options.stop must be a string or a list of strings'],
    ['/api/chat', { format: 42 }, 'format must be "json" or a JSON Schema object'],
    ['/api/chat', { format: ['json'] }, 'format must be "json" or a JSON Schema object'],
    ['/api/generate', { prompt: ['Hi'] }, 'prompt must be a string'],
    ['/api/generate', { prompt: 'x', images: 'aGk=' }, 'images must be a list of strings'],
    ['/api/generate', { prompt: 'x', options: 'x' }, 'options must be an object'],
    ['/api/embed', { input: 42 }, 'invalid input type'],
    ['/api/embed', { input: [1, 2] }, 'invalid input type'],
    ['/api/embed', { input: 'x', dimensions: 0 }, 'dimensions must be a positive integer'],
    ['/api/embeddings', { prompt: ['x'] }, 'prompt must be a string'],
    ['/api/show', { model: 42 }, 'model must be a string'],
  ])('%s %o: the message names the field', async (path, fields, error) => {
    const body = JSON.stringify({ model: 'demo-chat', ...fields })
    await expectError(await fetch(`${proxy.url}${path}`, { method: 'POST', body }), 400, error)
  })

  test('bodies are JSON whatever the Content-Type (curl -d sends form encoding)', async () => {
    const response = await chat(JSON.stringify({ ...hi, stream: false }), {
      'content-type': 'application/x-www-form-urlencoded',
    })
    expect(response.status).toBe(200)
    expect(((await response.json()) as { done: boolean }).done).toBe(true)
  })

  test('an unknown model is a 404', async () => {
    await expectError(
      await chat(JSON.stringify({ ...hi, model: 'llama3' })),
      404,
      "model 'llama3' not found",
    )
    await expect(ollama.chat({ ...hi, model: 'llama3' })).rejects.toMatchObject({
      status_code: 404,
      error: "model 'llama3' not found",
    })
  })

  test('an unknown path is a JSON 404; a wrong method is a 405', async () => {
    await expectError(
      await fetch(`${proxy.url}/api/nothing`),
      404,
      '404 page not found: /api/nothing',
    )
    await expectError(await fetch(`${proxy.url}/api/chat`), 405, 'method not allowed')
  })
})

describe('upstream failures before the first chunk become HTTP errors', () => {
  test('429 stays 429 and keeps Retry-After', async () => {
    upstream.script({
      kind: 'error',
      status: 429,
      body: { error: { message: 'Rate limit reached' } },
      headers: { 'retry-after': '7' },
    })
    const response = await chat(JSON.stringify(hi))
    expect(response.headers.get('retry-after')).toBe('7')
    await expectError(response, 429, 'Rate limit reached')
  })

  test('401 is a 502 that says the server credentials were refused', async () => {
    upstream.script({
      kind: 'error',
      status: 401,
      body: { error: { message: 'Incorrect API key provided' } },
    })
    await expectError(
      await chat(JSON.stringify(hi)),
      502,
      "the upstream refused this server's credentials (HTTP 401): Incorrect API key provided; check OPENAI_API_KEY",
    )
  })

  test('5xx is a 502 with the upstream message', async () => {
    upstream.script({ kind: 'error', status: 503, body: { error: { message: 'overloaded' } } })
    await expectError(await chat(JSON.stringify(hi)), 502, 'upstream error (HTTP 503): overloaded')
  })

  test('an upstream 400 is passed on as a 400 with its message', async () => {
    upstream.script({
      kind: 'error',
      status: 400,
      body: { error: { message: 'context too long' } },
    })
    await expectError(await chat(JSON.stringify(hi)), 400, 'context too long')
  })

  test('an unreachable upstream is a 502, and its log line says why', async () => {
    const unreachable = startProxy({
      baseUrl: 'http://127.0.0.1:9/v1',
      apiKey: 'k',
      models: 'demo-chat',
    })
    try {
      const response = await fetch(`${unreachable.url}/api/chat`, {
        method: 'POST',
        body: JSON.stringify(hi),
        headers: { 'x-request-id': 'log-unreachable' },
      })
      const { error } = (await response.clone().json()) as { error: string }
      await expectError(response, 502, /^the upstream cannot be reached: /)
      expect(await requestLine(unreachable, 'log-unreachable')).toMatchObject({
        level: 'warn',
        status: 502,
        error,
        error_kind: 'upstream_unreachable',
      })
      const tags = await fetch(`${unreachable.url}/api/tags`)
      expect(tags.status).toBe(200)
    } finally {
      await unreachable.stop()
    }
  })

  test('an error before any output of a stream (SSE error event) is an HTTP error, not a 200', async () => {
    upstream.script({
      kind: 'sse',
      events: [{ error: { message: 'provider exploded', code: 502 } }],
      done: false,
    })
    await expectError(await chat(JSON.stringify(hi)), 502, 'upstream error: provider exploded')
  })
})

describe('failures after the first chunk end the stream with an error line', () => {
  const readLines = async (response: Response) =>
    (await response.text())
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>)

  test('an upstream error event mid-stream', async () => {
    upstream.script({
      kind: 'sse',
      events: [chatChunk({ content: 'Par' }), { error: { message: 'upstream overloaded' } }],
      done: false,
    })
    const response = await chat(JSON.stringify(hi))
    expect(response.status).toBe(200)
    const lines = await readLines(response)
    expect(lines.at(0)).toMatchObject({ message: { content: 'Par' }, done: false })
    expect(lines.at(-1)).toEqual({ error: 'upstream error: upstream overloaded' })
  })

  test('a truncated upstream stream (no finish_reason, no [DONE])', async () => {
    upstream.script({ kind: 'sse', events: [chatChunk({ content: 'Par' })], done: false })
    const lines = await readLines(await chat(JSON.stringify(hi)))
    expect(lines.at(-1)).toEqual({
      error: 'the upstream stream ended before the answer was complete',
    })
  })

  test('invalid tool-call arguments from the upstream', async () => {
    upstream.script({
      kind: 'sse',
      events: [
        chatChunk({ content: 'x' }),
        chatChunk({
          tool_calls: [
            { index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":' } },
          ],
        }),
        chatChunk({}, 'tool_calls'),
      ],
    })
    const lines = await readLines(await chat(JSON.stringify(hi)))
    expect(lines.at(-1)).toEqual({
      error: 'the upstream returned invalid arguments for tool call "f": {"a":',
    })
  })

  test('the official client throws with the in-stream error message', async () => {
    upstream.script({ kind: 'sse', events: [chatChunk({ content: 'Par' })], done: false })
    const consume = async () => {
      for await (const _part of await ollama.chat({ ...hi, stream: true })) {
        // reading until the error line
      }
    }
    await expect(consume()).rejects.toThrow(
      'the upstream stream ended before the answer was complete',
    )
  })
})

describe('logs', () => {
  test('one line per request with its fields, and the API key never appears', async () => {
    await ollama.chat({ ...hi, stream: true })
    upstream.script({
      kind: 'error',
      status: 401,
      body: { error: { message: 'Incorrect API key provided: sk-secret-value' } },
    })
    const refused = await chat(JSON.stringify(hi), { 'x-request-id': 'log-refused' })
    expect(await refused.text()).toContain('Incorrect API key provided: [redacted]')
    const line = await requestLine(proxy, 'log-refused')
    expect(line).toMatchObject({
      level: 'warn',
      method: 'POST',
      path: '/api/chat',
      model: 'demo-chat',
      container_id: 'test-container',
      error:
        "the upstream refused this server's credentials (HTTP 401): Incorrect API key provided: [redacted]; check OPENAI_API_KEY",
      error_kind: 'upstream_auth',
    })
    expect(typeof line?.request_id).toBe('string')
    expect(typeof line?.duration_ms).toBe('number')
    const streamed = await proxy.logLine(
      (entry) => entry.message === 'request' && entry.stream === 'completed',
    )
    expect(streamed).toMatchObject({ status: 200, path: '/api/chat' })
    expect(JSON.stringify(proxy.logs)).not.toContain('sk-secret-value')
  })

  const tagged = (requestId: string, body: string, path = '/api/chat') =>
    fetch(`${proxy.url}${path}`, { method: 'POST', body, headers: { 'x-request-id': requestId } })

  test.each([
    [
      'a client mistake',
      '{"model":"demo-chat","messages":"x"}',
      'messages must be a list of messages',
      'invalid_request',
      400,
    ],
    ['an unknown model', '{"model":"llama3"}', "model 'llama3' not found", 'not_found', 404],
  ])(
    'the line of %s says what the client was told, and its kind',
    async (_case, body, error, kind, status) => {
      const requestId = `log-${kind}`
      expect((await tagged(requestId, body)).status).toBe(status)
      expect(await requestLine(proxy, requestId)).toMatchObject({
        level: 'info',
        status,
        error,
        error_kind: kind,
      })
    },
  )

  test('the line of a rate-limited request, and of a stream that failed, say why', async () => {
    upstream.script({
      kind: 'error',
      status: 429,
      body: { error: { message: 'Rate limit reached' } },
    })
    await tagged('log-429', JSON.stringify(hi))
    expect(await requestLine(proxy, 'log-429')).toMatchObject({
      status: 429,
      error: 'Rate limit reached',
      error_kind: 'rate_limited',
    })
    upstream.script({
      kind: 'sse',
      events: [chatChunk({ content: 'Par' }), { error: { message: 'upstream overloaded' } }],
      done: false,
    })
    await (await tagged('log-stream', JSON.stringify(hi))).text()
    expect(await requestLine(proxy, 'log-stream')).toMatchObject({
      level: 'warn',
      status: 200,
      stream: 'failed',
      error: 'upstream error: upstream overloaded',
      error_kind: 'upstream_error',
    })
  })

  test('a successful request has no error in its line', async () => {
    await tagged('log-ok', JSON.stringify({ ...hi, stream: false }))
    const line = await requestLine(proxy, 'log-ok')
    expect(line).toMatchObject({ status: 200 })
    expect(line).not.toHaveProperty('error')
    expect(line).not.toHaveProperty('error_kind')
  })
})
