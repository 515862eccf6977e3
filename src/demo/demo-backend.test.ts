import { describe, expect, test } from 'bun:test'
import { readServerSentEvents } from '../upstream/read-server-sent-events.ts'
import { createDemoBackend, demoModels } from './demo-backend.ts'

const now = new Date('2026-03-04T05:06:07.000Z')
const demo = createDemoBackend({ tokenDelayMs: 0, now: () => now })
const post = (path: string, body: object) =>
  demo(new Request(`http://demo.invalid/v1${path}`, { method: 'POST', body: JSON.stringify(body) }))

async function events(response: Response) {
  const batches = await Array.fromAsync(
    readServerSentEvents(response.body as AsyncIterable<Uint8Array>),
  )
  return batches.flatMap((batch) => batch.events) as {
    choices: { delta?: Record<string, unknown>; text?: string; finish_reason: string | null }[]
    usage?: object
  }[]
}

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
}

describe('the demo backend', () => {
  test('lists its models', async () => {
    const response = await demo(new Request('http://demo.invalid/v1/models'))
    const { data } = (await response.json()) as { data: { id: string; object: string }[] }
    expect(data.map((model) => model.id)).toEqual(demoModels.map((model) => model.id))
    expect(data[0]?.object).toBe('model')
  })

  test('refuses unknown endpoints, unknown models and non-standard parameters like OpenAI', async () => {
    expect((await demo(new Request('http://demo.invalid/v1/images'))).status).toBe(404)
    const unknown = await post('/chat/completions', {
      model: 'gpt-9',
      messages: [{ role: 'user', content: 'x' }],
    })
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ error: { code: 'model_not_found' } })
    const extra = await post('/chat/completions', {
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'x' }],
      top_k: 1,
    })
    expect(extra.status).toBe(400)
  })

  test('accepts the extras it is configured to', async () => {
    const lenient = createDemoBackend({ tokenDelayMs: 0, extraParams: ['top_k'] })
    const response = await lenient(
      new Request('http://demo.invalid/v1/chat/completions', {
        method: 'POST',
        body: JSON.stringify({
          model: 'demo-chat',
          messages: [{ role: 'user', content: 'x' }],
          top_k: 1,
        }),
      }),
    )
    expect(response.status).toBe(200)
  })

  test('answers a tool call whole when not streaming, with its own ids and the current time', async () => {
    const ask = () =>
      post('/chat/completions', {
        model: 'demo-chat',
        messages: [{ role: 'user', content: 'What is the weather in Lima?' }],
        tools: [weatherTool],
      })
    type Body = { id: string; created: number; choices: Record<string, unknown>[]; usage: object }
    const callIdOf = (body: Body) =>
      (body.choices[0]?.message as { tool_calls?: { id: string }[] } | undefined)?.tool_calls?.[0]
        ?.id
    const body = (await (await ask()).json()) as Body
    const callId = callIdOf(body)
    expect(body.choices[0]).toEqual({
      index: 0,
      finish_reason: 'tool_calls',
      logprobs: null,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: callId,
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Lima"}' },
          },
        ],
      },
    })
    expect(body.created).toBe(Math.floor(now.getTime() / 1000))
    expect(body.id).toMatch(/^chatcmpl-demo[0-9a-f]{24}$/)
    expect(callId).toMatch(/^call_[0-9a-f]{24}$/)
    expect(body.usage).toMatchObject({ completion_tokens: 1 })
    const again = (await (await ask()).json()) as Body
    expect(again.id).not.toBe(body.id)
    expect(callIdOf(again)).not.toBe(callId)
  })

  test('demo-chat does not think, and refuses a reasoning effort as non-reasoning models do', async () => {
    const plain = await post('/chat/completions', {
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Hi' }],
    })
    const { choices } = (await plain.json()) as { choices: { message: object }[] }
    expect(choices[0]?.message).toEqual({
      role: 'assistant',
      content: 'Hello from the demo backend! You said: "Hi".',
    })
    const effort = await post('/chat/completions', {
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Hi' }],
      reasoning_effort: 'low',
    })
    expect(effort.status).toBe(400)
    expect(await effort.json()).toEqual({
      error: {
        message: "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
        type: 'invalid_request_error',
        param: null,
        code: 'unsupported_parameter',
      },
    })
  })

  test('demo-thinker streams reasoning, then tool-call fragments that add up to the call, then usage', async () => {
    const response = await post('/chat/completions', {
      model: 'demo-thinker',
      messages: [{ role: 'user', content: 'What is the weather in Lima?' }],
      tools: [weatherTool],
      stream: true,
      stream_options: { include_usage: true },
    })
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    const chunks = await events(response)
    const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta ?? {}))
    expect(deltas.map((delta) => delta.reasoning_content ?? '').join('')).toBe(
      'The user asks: "What is the weather in Lima?". The get_weather tool fits; I call it with {"city":"Lima"}.',
    )
    const fragments = deltas.flatMap(
      (delta) => (delta.tool_calls as { function: { arguments?: string } }[]) ?? [],
    )
    expect(fragments.map((call) => call.function.arguments ?? '').join('')).toBe('{"city":"Lima"}')
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls')
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: expect.any(Number) },
    })
    const ids = new Set(chunks.map((chunk) => (chunk as { id?: string }).id))
    expect(ids.size).toBe(1)
  })

  test('fills in the middle, streamed or not: the same text', async () => {
    const request = { model: 'demo-coder', prompt: 'def f(', suffix: '  return 1' }
    const whole = (await (await post('/completions', request)).json()) as {
      id: string
      choices: { text: string }[]
    }
    expect(whole.choices[0]?.text).toBe(' /* filled in by the demo backend */')
    expect(whole.id).toMatch(/^cmpl-demo[0-9a-f]{24}$/)
    const chunks = await events(await post('/completions', { ...request, stream: true }))
    expect(chunks.map((chunk) => chunk.choices[0]?.text ?? '').join('')).toBe(
      ' /* filled in by the demo backend */',
    )
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop')
  })

  test('streams every character of the text, trailing spaces included', async () => {
    const chunks = await events(
      await post('/chat/completions', {
        model: 'demo-chat',
        messages: [
          { role: 'user', content: 'Weather?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'c1', content: '11 °C, windy \n' },
        ],
        stream: true,
      }),
    )
    const text = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('')
    expect(text).toBe('The tool get_weather answered: 11 °C, windy \n')
  })

  test('embeds deterministically, with the dimensions asked for', async () => {
    const embed = async (body: object) =>
      (
        (await (await post('/embeddings', { model: 'demo-embed', ...body })).json()) as {
          data: { embedding: number[] }[]
        }
      ).data
    const [first] = await embed({ input: 'hello' })
    const [again] = await embed({ input: ['hello'] })
    expect(first?.embedding).toHaveLength(64)
    expect(again?.embedding).toEqual(first?.embedding ?? [])
    expect((await embed({ input: 'hello', dimensions: 8 }))[0]?.embedding).toHaveLength(8)
  })

  test('stops streaming when the client goes away', async () => {
    const slow = createDemoBackend({ tokenDelayMs: 20 })
    const controller = new AbortController()
    const response = await slow(
      new Request('http://demo.invalid/v1/chat/completions', {
        method: 'POST',
        body: JSON.stringify({
          model: 'demo-chat',
          messages: [{ role: 'user', content: 'a b c d e f' }],
          stream: true,
        }),
        signal: controller.signal,
      }),
    )
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    await reader.read()
    controller.abort()
    let rest = 0
    for (let next = await reader.read(); !next.done; next = await reader.read()) rest++
    expect(rest).toBeLessThan(3)
  })
})
