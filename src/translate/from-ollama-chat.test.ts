import { describe, expect, test } from 'bun:test'
import { thrown } from '../../test/support/thrown.ts'
import { fromOllamaChat } from './from-ollama-chat.ts'

const messages = [{ role: 'user', content: 'Hi' }]

describe('fromOllamaChat', () => {
  test('turns a plain chat into a chat generation with nothing else set', () => {
    expect(fromOllamaChat({ model: 'qwen3', messages })).toStrictEqual({
      kind: 'chat',
      model: 'qwen3',
      messages: [{ role: 'user', content: 'Hi' }],
      sampling: {},
    })
  })

  test('reads an absent model as empty and absent messages as none', () => {
    expect(fromOllamaChat({})).toStrictEqual({
      kind: 'chat',
      model: '',
      messages: [],
      sampling: {},
    })
  })

  test('converts the messages and the options', () => {
    const generation = fromOllamaChat({
      model: 'qwen3',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'assistant', content: 'Hello', thinking: 'greet back' },
        { role: 'user', content: null },
      ],
      options: { temperature: 0.2, num_predict: 5, top_k: 0 },
    })
    expect({ messages: generation.messages, sampling: generation.sampling }).toStrictEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: '' },
      ],
      sampling: { temperature: 0.2, maxTokens: 5 },
    })
  })

  test.each([false, true, 'high', 'max'] as const)('keeps think: %p', (think) => {
    expect(fromOllamaChat({ model: 'm', messages, think }).think).toBe(think)
  })

  test('passes the tools and the tool choice on', () => {
    const tools = [
      {
        type: 'function' as const,
        function: { name: 'get_weather', parameters: { type: 'object', properties: {} } },
      },
    ]
    const choice = { type: 'function' as const, function: { name: 'get_weather' } }
    const generation = fromOllamaChat({ model: 'm', messages, tools, tool_choice: choice })
    expect({ tools: generation.tools, toolChoice: generation.toolChoice }).toStrictEqual({
      tools,
      toolChoice: choice,
    })
    expect(fromOllamaChat({ model: 'm', messages, tool_choice: 'none' }).toolChoice).toBe('none')
  })

  test('leaves an empty tool list out', () => {
    expect('tools' in fromOllamaChat({ model: 'm', messages, tools: [] })).toBe(false)
  })

  test('asks for JSON mode or a JSON Schema for the format', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } }
    expect(fromOllamaChat({ model: 'm', messages, format: 'json' }).responseFormat).toStrictEqual({
      type: 'json_object',
    })
    expect(fromOllamaChat({ model: 'm', messages, format: schema }).responseFormat).toStrictEqual({
      type: 'json_schema',
      json_schema: { name: 'schema', schema },
    })
    expect('responseFormat' in fromOllamaChat({ model: 'm', messages, format: '' })).toBe(false)
    expect('responseFormat' in fromOllamaChat({ model: 'm', messages, format: null })).toBe(false)
  })

  test('refuses a format it cannot send with a 400', () => {
    const error = thrown(() => fromOllamaChat({ model: 'm', messages, format: 'yaml' }))
    expect({ status: error.status, message: error.message }).toEqual({
      status: 400,
      message: 'invalid format: "yaml"; expected "json" or a valid JSON Schema object',
    })
  })

  test.each([
    [{ logprobs: true }, { top: 0 }],
    [{ logprobs: true, top_logprobs: 5 }, { top: 5 }],
    [{ top_logprobs: 3 }, { top: 3 }],
    [{ logprobs: false, top_logprobs: 1 }, { top: 1 }],
  ])('asks for log probabilities for %o', (fields, logprobs) => {
    expect(fromOllamaChat({ model: 'm', messages, ...fields }).logprobs).toStrictEqual(logprobs)
  })

  test.each([{ logprobs: false }, { logprobs: false, top_logprobs: 0 }, { top_logprobs: 0 }])(
    'asks for no log probabilities for %o',
    (fields) => {
      expect('logprobs' in fromOllamaChat({ model: 'm', messages, ...fields })).toBe(false)
    },
  )

  test.each([
    ['10m', 600_000],
    [90, 90_000],
    [0, 0],
    ['0', 0],
    [-1, Number.POSITIVE_INFINITY],
  ] as const)('reads keep_alive %p as %p ms', (keepAlive, ms) => {
    expect(fromOllamaChat({ model: 'm', messages, keep_alive: keepAlive }).keepAliveMs).toBe(ms)
  })

  test('refuses a keep_alive that is no duration with a 400', () => {
    const error = thrown(() => fromOllamaChat({ model: 'm', messages, keep_alive: 'soon' }))
    expect({ status: error.status, message: error.message }).toEqual({
      status: 400,
      message: 'time: invalid duration "soon"',
    })
  })
})
