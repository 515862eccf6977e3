import { describe, expect, test } from 'bun:test'
import { type DemoChatRequest, planDemoAnswer } from './demo-answer.ts'

const weatherTool = {
  function: {
    name: 'get_weather',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer' } },
      required: ['city'],
    },
  },
}
const timeTool = { function: { name: 'get_time' } }
const ask = (content: unknown, extra: Partial<DemoChatRequest> = {}): DemoChatRequest => ({
  messages: [{ role: 'user', content }],
  ...extra,
})

describe('planDemoAnswer', () => {
  test('greets and repeats what the user said, with reasoning that counts the words', () => {
    expect(planDemoAnswer(ask('Why is the sky blue?'))).toEqual({
      reasoning: 'The user wrote 5 words; I answer as the demo backend.',
      content: 'Hello from the demo backend! You said: "Why is the sky blue?".',
      toolCalls: [],
    })
  })

  test('gives no reasoning for reasoning_effort "none" (think:false)', () => {
    expect(planDemoAnswer(ask('Hi', { reasoning_effort: 'none' })).reasoning).toBe('')
  })

  test('keeps reasoning for other efforts', () => {
    expect(planDemoAnswer(ask('Hi there', { reasoning_effort: 'high' })).reasoning).toBe(
      'The user wrote 2 words; I answer as the demo backend.',
    )
  })

  test('answers to the last user message, reading text parts', () => {
    expect(
      planDemoAnswer({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'first' },
          { role: 'assistant', content: 'ok' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'second' },
              { type: 'text', text: 'part' },
            ],
          },
        ],
      }).content,
    ).toBe('Hello from the demo backend! You said: "second part".')
  })

  test('counts the images of the last message', () => {
    const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }
    expect(planDemoAnswer(ask([{ type: 'text', text: 'Look' }, image])).content).toBe(
      'Hello from the demo backend! You said: "Look". I see 1 image.',
    )
    expect(planDemoAnswer(ask([image, image])).content).toBe(
      'Hello from the demo backend! You said: "". I see 2 images.',
    )
  })

  test('treats a conversation without user text as empty', () => {
    expect(planDemoAnswer({ messages: [{ role: 'system', content: 'x' }] })).toEqual({
      reasoning: 'The user wrote 0 words; I answer as the demo backend.',
      content: 'Hello from the demo backend! You said: "".',
      toolCalls: [],
    })
    expect(planDemoAnswer(ask(42)).content).toBe('Hello from the demo backend! You said: "".')
  })

  test('calls the tool the user names, with arguments following its schema', () => {
    expect(
      planDemoAnswer(ask('What is the weather in Paris?', { tools: [timeTool, weatherTool] })),
    ).toEqual({
      reasoning: 'The user wrote 6 words; I answer as the demo backend.',
      content: '',
      toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris","days":42}' }],
    })
  })

  test('calls the first tool when the user asks for "a tool"', () => {
    expect(
      planDemoAnswer(ask('Please use a tool', { tools: [timeTool, weatherTool] })).toolCalls,
    ).toEqual([{ name: 'get_time', arguments: '{}' }])
  })

  test('calls no tool when none is named or asked for', () => {
    expect(planDemoAnswer(ask('Hello', { tools: [weatherTool] })).toolCalls).toEqual([])
  })

  test('ignores short words of tool names when matching', () => {
    expect(planDemoAnswer(ask('get me something', { tools: [weatherTool] })).toolCalls).toEqual([])
  })

  test('falls back to "demo" for string arguments when the user wrote no place name', () => {
    expect(planDemoAnswer(ask('weather please', { tools: [weatherTool] })).toolCalls).toEqual([
      { name: 'get_weather', arguments: '{"city":"demo","days":42}' },
    ])
  })

  test('answers a tool result by quoting it', () => {
    expect(
      planDemoAnswer({
        messages: [
          { role: 'user', content: 'Weather in Tokyo?' },
          { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather' } }] },
          { role: 'tool', content: '11°C', tool_call_id: 'call_1' },
        ],
        tools: [weatherTool],
      }),
    ).toEqual({
      reasoning: 'The user wrote 3 words; I answer as the demo backend.',
      content: 'The tool get_weather answered: 11°C',
      toolCalls: [],
    })
  })

  test('says "call" for a tool result without a preceding call', () => {
    expect(
      planDemoAnswer({ messages: [{ role: 'tool', content: [{ type: 'text', text: 'ok' }] }] })
        .content,
    ).toBe('The tool call answered: ok')
  })

  test('answers JSON that follows a json_schema response format', () => {
    const schema = {
      type: 'object',
      properties: {
        city: { type: 'string' },
        tags: { type: 'array', items: { type: 'string' } },
        list: { type: 'array' },
        score: { type: 'number' },
        ok: { type: 'boolean' },
        unit: { enum: ['celsius', 'fahrenheit'] },
        maybe: { type: ['integer', 'null'] },
        nested: { type: 'object' },
      },
    }
    const answer = planDemoAnswer(
      ask('Describe Berlin and Rome', {
        response_format: { type: 'json_schema', json_schema: { schema } },
      }),
    )
    expect(JSON.parse(answer.content)).toEqual({
      city: 'Rome',
      tags: ['Rome'],
      list: ['Rome'],
      score: 42,
      ok: true,
      unit: 'celsius',
      maybe: 42,
      nested: {},
    })
    expect(answer.toolCalls).toEqual([])
  })

  test('answers a json_schema format without schema with a string', () => {
    expect(planDemoAnswer(ask('x', { response_format: { type: 'json_schema' } })).content).toBe(
      '"demo"',
    )
  })

  test('answers JSON mode with an echo object', () => {
    expect(
      planDemoAnswer(ask('Say "hi"', { response_format: { type: 'json_object' } })).content,
    ).toBe('{"echo":"Say \\"hi\\""}')
  })

  test('prefers a tool call over a response format', () => {
    const answer = planDemoAnswer(
      ask('weather in Oslo', { tools: [weatherTool], response_format: { type: 'json_object' } }),
    )
    expect(answer.content).toBe('')
    expect(answer.toolCalls).toHaveLength(1)
  })
})
