import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Ollama } from 'ollama'
import { type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'

describe('CORS for browser clients', () => {
  let upstream: FakeOpenAI
  let proxy: RunningProxy
  beforeAll(() => {
    upstream = startFakeOpenAI()
    proxy = startProxy({
      baseUrl: upstream.baseUrl,
      apiKey: 'k',
      corsOrigins: 'https://*.example.com',
    })
  })
  afterAll(async () => {
    await proxy.stop()
    await upstream.stop()
  })

  const preflight = (origin: string) =>
    fetch(`${proxy.url}/api/chat`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })

  test('allows local pages and configured origins, like Ollama', async () => {
    for (const origin of [
      'http://localhost:3000',
      'https://app.example.com',
      'vscode-webview://abc',
    ]) {
      const response = await preflight(origin)
      expect(response.status).toBe(204)
      expect(response.headers.get('access-control-allow-origin')).toBe(origin)
      expect(response.headers.get('access-control-allow-headers')).toBe('content-type')
    }
    const tags = await fetch(`${proxy.url}/api/tags`, {
      headers: { origin: 'http://127.0.0.1:8080' },
    })
    expect(tags.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080')
  })

  test('refuses other origins with 403 and no CORS headers', async () => {
    const response = await preflight('https://evil.test')
    expect(response.status).toBe(403)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('dialects: what reaches the backend', () => {
  const options = {
    top_k: 20,
    min_p: 0.05,
    repeat_penalty: 1.1,
    repeat_last_n: 32,
    typical_p: 0.9,
    temperature: 0.5,
  }
  const cases = [
    [
      'vllm',
      {
        top_k: 20,
        min_p: 0.05,
        repetition_penalty: 1.1,
        chat_template_kwargs: { enable_thinking: false },
      },
    ],
    [
      'openrouter',
      { top_k: 20, min_p: 0.05, repetition_penalty: 1.1, reasoning: { enabled: false } },
    ],
    [
      'llamacpp',
      {
        top_k: 20,
        min_p: 0.05,
        typical_p: 0.9,
        repeat_penalty: 1.1,
        repeat_last_n: 32,
        chat_template_kwargs: { enable_thinking: false },
      },
    ],
  ] as const

  test.each(cases)(
    '%s gets its extra sampling and thinking parameters',
    async (dialect, expected) => {
      const extraParams = Object.keys(expected)
      const upstream = startFakeOpenAI({ extraParams })
      const proxy = startProxy({
        baseUrl: upstream.baseUrl,
        apiKey: 'k',
        dialect,
        maxTokensParam: 'max_completion_tokens',
      })
      try {
        const ollama = new Ollama({ host: proxy.url })
        await ollama.chat({
          model: 'demo-chat',
          think: false,
          messages: [{ role: 'user', content: 'x' }],
          options: { ...options, num_predict: 5 },
        })
        const { messages: _messages, ...params } =
          upstream.requestsTo('/v1/chat/completions').at(-1)?.body ?? {}
        expect(params).toEqual({
          model: 'demo-chat',
          stream: true,
          stream_options: { include_usage: true },
          temperature: 0.5,
          max_completion_tokens: 5,
          ...expected,
        })
      } finally {
        await proxy.stop()
        await upstream.stop()
      }
    },
  )

  test('stream usage can be turned off for backends that reject stream_options', async () => {
    const upstream = startFakeOpenAI()
    const proxy = startProxy({ baseUrl: upstream.baseUrl, apiKey: 'k', streamUsage: 'false' })
    try {
      const answer = await new Ollama({ host: proxy.url }).chat({
        model: 'demo-chat',
        messages: [{ role: 'user', content: 'x' }],
      })
      expect(answer.done).toBe(true)
      expect(answer.eval_count).toBeUndefined()
      expect(
        upstream.requestsTo('/v1/chat/completions').at(-1)?.body?.stream_options,
      ).toBeUndefined()
    } finally {
      await proxy.stop()
      await upstream.stop()
    }
  })
})
