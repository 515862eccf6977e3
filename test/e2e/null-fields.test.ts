import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'

let upstream: FakeOpenAI
let proxy: RunningProxy

beforeAll(() => {
  upstream = startFakeOpenAI()
  proxy = startProxy({ baseUrl: upstream.baseUrl, apiKey: 'sk-test' })
})
afterAll(async () => {
  await proxy.stop()
  await upstream.stop()
})

/** A raw JSON body, exactly as written here: no client library removes its nulls. */
const post = (path: string, body: string) => fetch(`${proxy.url}${path}`, { method: 'POST', body })
const lastBody = (path: string) => upstream.requestsTo(path).at(-1)?.body ?? {}

async function ndjson(response: Response): Promise<Record<string, unknown>[]> {
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toBe('application/x-ndjson')
  const text = await response.text()
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
}

describe('null means absent, as in Ollama', () => {
  test('an Open WebUI chat: null images, thinking, tool call ids, tool_name, tools, think, stream, keep_alive, options', async () => {
    const response = await post(
      '/api/chat',
      `{
        "model": "demo-chat",
        "messages": [
          {"role": "system", "content": "Be brief.", "images": null},
          {"role": "user", "content": "What is the weather in Tokyo?", "images": null},
          {"role": "assistant", "content": "", "thinking": null, "images": null,
           "tool_calls": [{"id": null, "function": {"name": "get_weather", "arguments": {"city": "Tokyo"}}}]},
          {"role": "tool", "content": "11°C", "tool_name": null, "images": null},
          {"role": "user", "content": "Thanks", "tool_calls": null, "images": null}
        ],
        "tools": null,
        "think": null,
        "stream": null,
        "format": null,
        "keep_alive": null,
        "options": {"temperature": null, "top_p": null, "num_predict": null, "stop": null}
      }`,
    )
    const chunks = await ndjson(response)
    expect(chunks.at(-1)).toMatchObject({ done: true, done_reason: 'stop' })
    const sent = lastBody('/v1/chat/completions')
    expect(sent.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is the weather in Tokyo?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_2_0',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_2_0', content: '11°C' },
      { role: 'user', content: 'Thanks' },
    ])
    for (const key of ['tools', 'temperature', 'top_p', 'max_tokens', 'stop', 'response_format'])
      expect(sent).not.toHaveProperty(key)
    expect(sent.stream).toBe(true)
  })

  test('a LangChain chat without streaming: stream false, every other option null', async () => {
    const response = await post(
      '/api/chat',
      `{"model": "demo-chat", "messages": [{"role": "user", "content": "Hi", "images": null, "tool_calls": null}],
        "stream": false, "format": null, "keep_alive": null, "think": null, "tools": null,
        "options": {"temperature": null, "seed": null, "num_ctx": null, "repeat_penalty": null}}`,
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      message: { role: 'assistant', content: 'Hello from the demo backend! You said: "Hi".' },
      done: true,
    })
    expect(lastBody('/v1/chat/completions')).toEqual({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    })
  })

  test('/api/generate: null images, system, suffix, think, stream, keep_alive and options', async () => {
    const response = await post(
      '/api/generate',
      `{"model": "demo-chat", "prompt": "Say hi", "images": null, "system": null, "suffix": null,
        "think": null, "stream": null, "keep_alive": null, "raw": null, "template": null,
        "options": {"temperature": null}}`,
    )
    const chunks = await ndjson(response)
    expect(chunks.map((chunk) => chunk.response).join('')).toBe(
      'Hello from the demo backend! You said: "Say hi".',
    )
    expect(lastBody('/v1/chat/completions').messages).toEqual([{ role: 'user', content: 'Say hi' }])
  })

  test('/api/embed, /api/embeddings and /api/show take nulls too', async () => {
    const embed = await post(
      '/api/embed',
      '{"model": "demo-embed", "input": "x", "dimensions": null, "truncate": null, "keep_alive": null, "options": null}',
    )
    expect(embed.status).toBe(200)
    expect(lastBody('/v1/embeddings')).toEqual({
      model: 'demo-embed',
      input: ['x'],
      encoding_format: 'float',
    })
    const legacy = await post(
      '/api/embeddings',
      '{"model": "demo-embed", "prompt": "x", "keep_alive": null, "options": null}',
    )
    expect(legacy.status).toBe(200)
    const show = await post('/api/show', '{"model": "demo-chat", "verbose": null, "system": null}')
    expect(show.status).toBe(200)
    expect(await show.json()).not.toHaveProperty('system')
  })

  test('a null that is not optional is still an error, named where it is', async () => {
    const response = await post(
      '/api/chat',
      '{"model": "demo-chat", "messages": [{"role": null, "content": "x"}]}',
    )
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error: 'messages[0].role must be a string' })
  })
})
