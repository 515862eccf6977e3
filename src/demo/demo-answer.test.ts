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
const now = new Date('2026-03-04T05:06:07.000Z')
const plain = { thinks: false, now }
const thinking = { thinks: true, now }

describe('planDemoAnswer: a model that does not think', () => {
  test('greets and repeats what the user said, without reasoning', () => {
    expect(planDemoAnswer(ask('Why is the sky blue?'), plain)).toEqual({
      reasoning: '',
      content: 'Hello from the demo backend! You said: "Why is the sky blue?".',
      toolCalls: [],
    })
  })

  test("calls the README's tool with the city the user named", () => {
    const readme = ask('What is the weather in Tokyo? Use a tool.', {
      tools: [
        {
          function: {
            name: 'get_weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
      ],
    })
    expect(planDemoAnswer(readme, plain)).toEqual({
      reasoning: '',
      content: '',
      toolCalls: [{ name: 'get_weather', arguments: '{"city":"Tokyo"}' }],
    })
  })
})

describe('planDemoAnswer: a model that thinks', () => {
  test('reasons first, about what it answers', () => {
    expect(planDemoAnswer(ask('Why is the sky blue?'), thinking)).toEqual({
      reasoning: 'The user wrote 5 words; I answer as the demo backend.',
      content: 'Hello from the demo backend! You said: "Why is the sky blue?".',
      toolCalls: [],
    })
  })

  test('gives no reasoning for reasoning_effort "none"', () => {
    expect(planDemoAnswer(ask('Hi', { reasoning_effort: 'none' }), thinking).reasoning).toBe('')
  })

  test.each([
    ['low', 'The user wrote 2 words; I answer as the demo backend.'],
    ['medium', 'The user wrote 2 words; I answer as the demo backend.'],
    [
      'high',
      'The user wrote 2 words; I answer as the demo backend. Let me check once more: that is what was asked.',
    ],
    [
      'xhigh',
      'The user wrote 2 words; I answer as the demo backend. Let me check once more: that is what was asked.',
    ],
    [
      'max',
      'The user wrote 2 words; I answer as the demo backend. Let me check once more: that is what was asked.',
    ],
  ])('reasons longer at a higher effort: %s', (effort, reasoning) => {
    expect(planDemoAnswer(ask('Hi there', { reasoning_effort: effort }), thinking).reasoning).toBe(
      reasoning,
    )
  })

  test('says which tool it calls and with what', () => {
    expect(
      planDemoAnswer(ask('Weather in Lima, 3 days?', { tools: [weatherTool] }), thinking),
    ).toEqual({
      reasoning:
        'The user asks: "Weather in Lima, 3 days?". The get_weather tool fits; I call it with {"city":"Lima","days":3}.',
      content: '',
      toolCalls: [{ name: 'get_weather', arguments: '{"city":"Lima","days":3}' }],
    })
  })
})

describe('planDemoAnswer: what it answers', () => {
  test('answers to the last user message, reading text parts', () => {
    expect(
      planDemoAnswer(
        {
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
        },
        plain,
      ).content,
    ).toBe('Hello from the demo backend! You said: "second part".')
  })

  test('counts the images of the last message', () => {
    const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }
    expect(planDemoAnswer(ask([{ type: 'text', text: 'Look' }, image]), plain).content).toBe(
      'Hello from the demo backend! You said: "Look". I see 1 image.',
    )
    expect(planDemoAnswer(ask([image, image]), plain).content).toBe(
      'Hello from the demo backend! You said: "". I see 2 images.',
    )
  })

  test('treats a conversation without user text as empty', () => {
    expect(planDemoAnswer({ messages: [{ role: 'system', content: 'x' }] }, thinking)).toEqual({
      reasoning: 'The user wrote 0 words; I answer as the demo backend.',
      content: 'Hello from the demo backend! You said: "".',
      toolCalls: [],
    })
    expect(planDemoAnswer(ask(42), plain).content).toBe(
      'Hello from the demo backend! You said: "".',
    )
  })

  test('calls the tool the user names; optional arguments only when the user gives them', () => {
    expect(
      planDemoAnswer(
        ask('What is the weather in Paris?', { tools: [timeTool, weatherTool] }),
        plain,
      ).toolCalls,
    ).toEqual([{ name: 'get_weather', arguments: '{"city":"Paris"}' }])
  })

  test('calls the first tool when the user asks for "a tool"; no parameters means {}', () => {
    expect(
      planDemoAnswer(ask('Please use a tool', { tools: [timeTool, weatherTool] }), plain).toolCalls,
    ).toEqual([{ name: 'get_time', arguments: '{}' }])
  })

  test('calls no tool when none is named or asked for', () => {
    expect(planDemoAnswer(ask('Hello', { tools: [weatherTool] }), plain).toolCalls).toEqual([])
  })

  test('ignores short words of tool names when matching', () => {
    expect(
      planDemoAnswer(ask('get me something', { tools: [weatherTool] }), plain).toolCalls,
    ).toEqual([])
  })

  test('falls back to "demo" for a required name the user did not write', () => {
    expect(
      planDemoAnswer(ask('weather please', { tools: [weatherTool] }), plain).toolCalls,
    ).toEqual([{ name: 'get_weather', arguments: '{"city":"demo"}' }])
  })

  test('answers a tool result by quoting it', () => {
    expect(
      planDemoAnswer(
        {
          messages: [
            { role: 'user', content: 'Weather in Tokyo?' },
            { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather' } }] },
            { role: 'tool', content: '11°C', tool_call_id: 'call_1' },
          ],
          tools: [weatherTool],
        },
        thinking,
      ),
    ).toEqual({
      reasoning: 'The get_weather tool answered; I pass its result on.',
      content: 'The tool get_weather answered: 11°C',
      toolCalls: [],
    })
  })

  test('says "call" for a tool result without a preceding call', () => {
    expect(
      planDemoAnswer(
        { messages: [{ role: 'tool', content: [{ type: 'text', text: 'ok' }] }] },
        thinking,
      ),
    ).toEqual({
      reasoning: 'The tool tool answered; I pass its result on.',
      content: 'The tool call answered: ok',
      toolCalls: [],
    })
  })

  test('answers JSON that follows a json_schema response format, from the prompt', () => {
    const schema = {
      type: 'object',
      properties: {
        cities: { type: 'array', items: { type: 'string' } },
        population: { type: 'integer' },
        unit: { enum: ['km', 'miles'] },
        founded: { type: 'string', format: 'date' },
      },
      required: ['cities'],
    }
    const answer = planDemoAnswer(
      ask('Compare Berlin and Rome in miles', {
        response_format: { type: 'json_schema', json_schema: { schema } },
      }),
      thinking,
    )
    expect(JSON.parse(answer.content)).toEqual({
      cities: ['Berlin', 'Rome'],
      population: 1,
      unit: 'miles',
      founded: '2026-03-04',
    })
    expect(answer.reasoning).toBe(
      'The user asks: "Compare Berlin and Rome in miles". The answer must follow the JSON schema I was given.',
    )
    expect(answer.toolCalls).toEqual([])
  })

  test('answers a json_schema format without schema with a string', () => {
    expect(
      planDemoAnswer(ask('x', { response_format: { type: 'json_schema' } }), plain).content,
    ).toBe('"demo"')
  })

  test('answers JSON mode with an echo object', () => {
    expect(
      planDemoAnswer(ask('Say "hi"', { response_format: { type: 'json_object' } }), thinking),
    ).toEqual({
      reasoning: 'The user asks: "Say "hi"". The answer must be a JSON object.',
      content: '{"echo":"Say \\"hi\\""}',
      toolCalls: [],
    })
  })

  test('prefers a tool call over a response format', () => {
    const answer = planDemoAnswer(
      ask('weather in Oslo', { tools: [weatherTool], response_format: { type: 'json_object' } }),
      plain,
    )
    expect(answer.content).toBe('')
    expect(answer.toolCalls).toEqual([{ name: 'get_weather', arguments: '{"city":"Oslo"}' }])
  })
})
