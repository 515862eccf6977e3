import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import Ajv2020 from 'ajv/dist/2020'
import { Ollama } from 'ollama'
import OpenAI from 'openai'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'

let proxy: RunningProxy
let ollama: Ollama
let openai: OpenAI

beforeAll(() => {
  proxy = startProxy({ upstream: 'demo', demoDelay: '0' })
  ollama = new Ollama({ host: proxy.url })
  openai = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'ollama', maxRetries: 0 })
})
afterAll(async () => {
  await proxy.stop()
})

/** The JSON of the README's first `curl … /api/chat -d '…'` example. */
async function readmeChatExample(): Promise<string> {
  const readme = await Bun.file(new URL('../../README.md', import.meta.url)).text()
  const body = readme.match(/curl http:\/\/localhost:11434\/api\/chat -d '([^']+)'/)?.[1]
  if (body === undefined) throw new Error('the README has no /api/chat curl example')
  return body
}

describe('the demo backend, as a newcomer meets it', () => {
  test("the README's first example calls the tool with the city it names, without thinking", async () => {
    const response = await fetch(`${proxy.url}/api/chat`, {
      method: 'POST',
      body: await readmeChatExample(),
    })
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    const calls = lines.flatMap((line) => line.message.tool_calls ?? [])
    expect(calls).toEqual([
      {
        id: expect.any(String),
        function: { index: 0, name: 'get_weather', arguments: { city: 'Tokyo' } },
      },
    ])
    expect(lines.some((line) => 'thinking' in line.message)).toBe(false)
  })

  test('demo-chat does not think; demo-thinker does unless think is false', async () => {
    const messages = [{ role: 'user', content: 'Why is the sky blue?' }]
    expect((await ollama.chat({ model: 'demo-chat', messages })).message.thinking).toBeUndefined()
    expect((await ollama.chat({ model: 'demo-thinker', messages })).message.thinking).toBe(
      'The user wrote 5 words; I answer as the demo backend.',
    )
    const off = await ollama.chat({ model: 'demo-thinker', messages, think: false })
    expect(off.message.thinking).toBeUndefined()
    await expect(
      ollama.chat({ model: 'demo-chat', messages, think: 'high' }),
    ).rejects.toMatchObject({
      status_code: 400,
      error: "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
    })
  })

  test('a structured answer conforms to the schema it was given (Pydantic-style, with $defs)', async () => {
    const schema = {
      $defs: {
        City: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            population: { type: 'integer', minimum: 0 },
            capital: { type: 'boolean' },
          },
          required: ['name', 'population', 'capital'],
        },
      },
      type: 'object',
      properties: {
        cities: { type: 'array', items: { $ref: '#/$defs/City' }, minItems: 1 },
        unit: { enum: ['km', 'miles'] },
        checked: { type: 'string', format: 'date' },
      },
      required: ['cities', 'unit', 'checked'],
    }
    const answer = await ollama.chat({
      model: 'demo-chat',
      format: schema,
      messages: [{ role: 'user', content: 'Tell me about Berlin, 3.7 million people, in km' }],
    })
    const value = JSON.parse(answer.message.content)
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(schema)
    expect(validate(value)).toBe(true)
    expect(value).toEqual({
      cities: [{ name: 'Berlin', population: 4, capital: true }],
      unit: 'km',
      checked: new Date().toISOString().slice(0, 10),
    })
  })

  test('/v1/completions and /api/generate give the same text', async () => {
    const prompt = { model: 'demo-coder', prompt: 'def add(a, b):', suffix: '\n' }
    const viaOpenAI = await openai.completions.create(prompt)
    const viaOllama = await ollama.generate(prompt)
    expect(viaOpenAI.choices[0]?.text).toBe(' /* filled in by the demo backend */')
    expect(viaOllama.response).toBe(viaOpenAI.choices[0]?.text ?? '')
  })

  test('each response has its own id and the current time', async () => {
    const ask = () =>
      openai.chat.completions.create({
        model: 'demo-chat',
        messages: [{ role: 'user', content: 'Hi' }],
      })
    const before = Math.floor(Date.now() / 1000)
    const [first, second] = [await ask(), await ask()]
    const after = Math.floor(Date.now() / 1000)
    expect(first.id).not.toBe(second.id)
    for (const reply of [first, second]) {
      expect(reply.created).toBeGreaterThanOrEqual(before)
      expect(reply.created).toBeLessThanOrEqual(after)
    }
  })
})
