import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Ollama } from 'ollama'
import { chatChunk, type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'
import { waitFor } from '../support/wait-for.ts'

let upstream: FakeOpenAI
let proxy: RunningProxy

beforeAll(() => {
  upstream = startFakeOpenAI()
  proxy = startProxy({ baseUrl: upstream.baseUrl, apiKey: 'k' })
})
afterAll(async () => {
  await proxy.stop()
  await upstream.stop()
})

const slowStream = () =>
  upstream.script({
    kind: 'sse',
    delayMs: 300,
    events: Array.from({ length: 50 }, (_, index) => chatChunk({ content: `token${index} ` })),
  })

describe('client disconnects abort the upstream request', () => {
  test('mid-stream, before the upstream writes its next token', async () => {
    slowStream()
    const controller = new AbortController()
    const response = await fetch(`${proxy.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'demo-chat',
        messages: [{ role: 'user', content: 'Long story' }],
      }),
      signal: controller.signal,
    })
    const reader = response.body?.getReader()
    const first = await reader?.read()
    expect(new TextDecoder().decode(first?.value)).toContain('token0')
    const upstreamRequest = upstream.requestsTo('/v1/chat/completions').at(-1)
    const writtenBefore = upstreamRequest?.eventsWritten ?? Number.NaN
    controller.abort()
    await waitFor(() => upstreamRequest?.abortedAt !== undefined, 1000)
    expect(upstreamRequest?.abortedAt).toBeDefined()
    // Tokens come 300 ms apart: the upstream heard of it before writing another.
    expect(upstreamRequest?.eventsWritten).toBe(writtenBefore)
    await waitFor(() => proxy.logs.some((line) => line.stream === 'aborted'), 1000)
    expect(proxy.logs.some((line) => line.stream === 'aborted')).toBe(true)
  })

  test('before the first token', async () => {
    upstream.script({ kind: 'hang' })
    const before = upstream.requestsTo('/v1/chat/completions').length
    const controller = new AbortController()
    const pending = fetch(`${proxy.url}/api/generate`, {
      method: 'POST',
      body: JSON.stringify({ model: 'demo-chat', prompt: 'Think hard' }),
      signal: controller.signal,
    }).catch(() => undefined)
    await waitFor(() => upstream.requestsTo('/v1/chat/completions').length > before, 1000)
    const upstreamRequest = upstream.requestsTo('/v1/chat/completions')[before]
    expect(upstreamRequest?.abortedAt).toBeUndefined()
    controller.abort()
    await pending
    await waitFor(() => upstreamRequest?.abortedAt !== undefined, 1000)
    expect(upstreamRequest?.abortedAt).toBeDefined()
  })

  test("through the official client's abort()", async () => {
    slowStream()
    const ollama = new Ollama({ host: proxy.url })
    const stream = await ollama.chat({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Go' }],
      stream: true,
    })
    const upstreamRequest = upstream.requestsTo('/v1/chat/completions').at(-1)
    const received = []
    const consume = async () => {
      for await (const part of stream) {
        received.push(part)
        stream.abort()
      }
    }
    await expect(consume()).rejects.toMatchObject({ name: 'AbortError' })
    await waitFor(() => upstreamRequest?.abortedAt !== undefined, 1000)
    expect(received.length).toBeGreaterThan(0)
    expect(upstreamRequest?.abortedAt).toBeDefined()
    expect(upstreamRequest?.eventsWritten).toBeLessThan(50)
  })
})
