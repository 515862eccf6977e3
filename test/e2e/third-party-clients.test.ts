/**
 * Third-party Ollama clients through real HTTP, as their users call them: the AI SDK provider
 * `ollama-ai-provider-v2` (completion model: needs `context` on the last generate chunk; chat model:
 * sends `tool_choice`), and raw request shapes of other clients.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { generateText, tool } from 'ai'
import { createOllama } from 'ollama-ai-provider-v2'
import { z } from 'zod'
import { chatChunk, type FakeOpenAI, startFakeOpenAI, usageChunk } from '../support/fake-openai.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'

let upstream: FakeOpenAI
let proxy: RunningProxy
let ollama: ReturnType<typeof createOllama>

beforeAll(() => {
  ;(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false
  upstream = startFakeOpenAI()
  proxy = startProxy({ baseUrl: upstream.baseUrl, apiKey: 'sk-test' })
  ollama = createOllama({ baseURL: `${proxy.url}/api` })
})
afterAll(async () => {
  await proxy.stop()
  await upstream.stop()
})

const lastChatBody = () => upstream.requestsTo('/v1/chat/completions').at(-1)?.body ?? {}
const weather = tool({
  description: 'Current weather in a city',
  inputSchema: z.object({ city: z.string() }),
})

describe('ollama-ai-provider-v2', () => {
  test('the completion model reads the answer (it requires context on the last chunk)', async () => {
    upstream.script({
      kind: 'sse',
      events: [
        chatChunk({ content: 'Blue, ' }),
        chatChunk({ content: 'mostly.' }, 'stop'),
        usageChunk(5, 3),
      ],
    })
    const result = await generateText({ model: ollama.completion('demo-chat'), prompt: 'Sky?' })
    expect(result.text).toBe('Blue, mostly.')
    expect(result.usage.inputTokens).toBe(5)
    expect(result.usage.outputTokens).toBe(3)
  })

  // (Its streamed completions require `context` on every chunk, which Ollama itself never sends.)
  test('the completion model with a suffix (fill-in-the-middle) reads the answer', async () => {
    upstream.script({
      kind: 'sse',
      events: [
        {
          id: 'c',
          object: 'text_completion',
          created: 1,
          model: 'm',
          choices: [{ index: 0, text: 'a + b', finish_reason: null }],
        },
        {
          id: 'c',
          object: 'text_completion',
          created: 1,
          model: 'm',
          choices: [{ index: 0, text: '', finish_reason: 'stop' }],
        },
      ],
    })
    const result = await generateText({
      model: ollama.completion('demo-coder', { suffix: '\n  return c' } as never),
      prompt: 'def add(a, b):\n  c = ',
    })
    expect(result.text).toBe('a + b')
    expect(upstream.requestsTo('/v1/completions').at(-1)?.body?.suffix).toBe('\n  return c')
  })

  test('forced tool use reaches the upstream as tool_choice and comes back as a tool call', async () => {
    upstream.script({
      kind: 'sse',
      events: [
        chatChunk({
          tool_calls: [
            {
              index: 0,
              id: 'call_w1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
            },
          ],
        }),
        chatChunk({}, 'tool_calls'),
      ],
    })
    const result = await generateText({
      model: ollama.chat('demo-chat'),
      prompt: 'What is the weather in Tokyo?',
      tools: { get_weather: weather },
      toolChoice: { type: 'tool', toolName: 'get_weather' },
    })
    expect(lastChatBody().tool_choice).toEqual({
      type: 'function',
      function: { name: 'get_weather' },
    })
    expect(result.toolCalls.map((call) => [call.toolName, call.input])).toEqual([
      ['get_weather', { city: 'Tokyo' }],
    ])
  })

  test("'required' reaches the upstream as it is", async () => {
    await generateText({
      model: ollama.chat('demo-chat'),
      prompt: 'What is the weather in Tokyo?',
      tools: { get_weather: weather },
      toolChoice: 'required',
    })
    expect(lastChatBody().tool_choice).toBe('required')
  })
})

describe('/api/generate context', () => {
  const generate = (body: object) =>
    fetch(`${proxy.url}/api/generate`, { method: 'POST', body: JSON.stringify(body) })

  test('the last chunk carries an empty context, streamed and not; other chunks none', async () => {
    const lines = (await (await generate({ model: 'demo-chat', prompt: 'Hi' })).text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { done: boolean; context?: unknown })
    expect(lines.at(-1)?.context).toEqual([])
    expect(lines.slice(0, -1).some((line) => 'context' in line)).toBe(false)
    const whole = (await (
      await generate({ model: 'demo-chat', prompt: 'Hi', stream: false })
    ).json()) as {
      context?: unknown
    }
    expect(whole.context).toEqual([])
  })

  test('a raw prompt gets no context, as in Ollama', async () => {
    const whole = (await (
      await generate({ model: 'demo-coder', prompt: '<s>hi', raw: true, stream: false })
    ).json()) as object
    expect('context' in whole).toBe(false)
  })
})
