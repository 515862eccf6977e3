import { describe, expect, test } from 'bun:test'
import { thrown } from '../../test/support/thrown.ts'
import { validateOpenAIRequest } from '../demo/validate-openai-request.ts'
import type { Message } from '../ollama/schemas.ts'
import { toOpenAIMessages } from './to-openai-messages.ts'

// A 1×1 PNG's first bytes, and a JPEG's.
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString(
  'base64',
)
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]).toString(
  'base64',
)

const weatherCall = { function: { name: 'get_weather', arguments: { city: 'Tokyo' } } }
const timeCall = { function: { name: 'get_time', arguments: { zone: 'JST' } } }

describe('toOpenAIMessages: plain messages', () => {
  test('converts an empty conversation to no messages', () => {
    expect(toOpenAIMessages([])).toEqual([])
  })

  test('passes system, user and assistant text through', () => {
    expect(
      toOpenAIMessages([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
      ]),
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
    ])
  })

  test('passes a developer message through', () => {
    expect(toOpenAIMessages([{ role: 'developer', content: 'Rules' }])).toEqual([
      { role: 'developer', content: 'Rules' },
    ])
  })

  test('lower-cases roles, as Ollama does', () => {
    expect(
      toOpenAIMessages([
        { role: 'SYSTEM', content: 's' },
        { role: 'User', content: 'u' },
        { role: 'Assistant', content: 'a' },
      ]),
    ).toEqual([
      { role: 'system', content: 's' },
      { role: 'user', content: 'u' },
      { role: 'assistant', content: 'a' },
    ])
  })

  test('sends missing or null content as ""', () => {
    expect(toOpenAIMessages([{ role: 'user' }, { role: 'assistant', content: null }])).toEqual([
      { role: 'user', content: '' },
      { role: 'assistant', content: '' },
    ])
  })

  test('does not send assistant thinking back to the backend', () => {
    expect(
      toOpenAIMessages([{ role: 'assistant', content: 'Answer', thinking: 'Reasoning' }]),
    ).toEqual([{ role: 'assistant', content: 'Answer' }])
  })

  test.each(['function', 'bot', ''])('refuses the role %p with a 400', (role) => {
    const error = thrown(() => toOpenAIMessages([{ role, content: 'x' }]))
    expect({ status: error.status, message: error.message }).toEqual({
      status: 400,
      message: `invalid message role "${role}": expected system, user, assistant or tool`,
    })
  })
})

describe('toOpenAIMessages: images', () => {
  test('sends a user message with images as a text part, then one image_url part per image', () => {
    expect(
      toOpenAIMessages([{ role: 'user', content: 'What is this?', images: [png, jpeg] }]),
    ).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
          { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${jpeg}` } },
        ],
      },
    ])
  })

  test('leaves the text part out when the content is empty', () => {
    expect(toOpenAIMessages([{ role: 'user', content: '', images: [png] }])).toEqual([
      {
        role: 'user',
        content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }],
      },
    ])
  })

  test('accepts images with a data: prefix', () => {
    expect(
      toOpenAIMessages([{ role: 'user', content: 'x', images: [`data:image/png;base64,${png}`] }]),
    ).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'x' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
        ],
      },
    ])
  })

  test('sends plain text when the images list is empty', () => {
    expect(toOpenAIMessages([{ role: 'user', content: 'x', images: [] }])).toEqual([
      { role: 'user', content: 'x' },
    ])
  })

  test('refuses an image that is not base64 with a 400', () => {
    const error = thrown(() => toOpenAIMessages([{ role: 'user', content: 'x', images: ['%%%'] }]))
    expect({ status: error.status, message: error.message }).toEqual({
      status: 400,
      message: 'invalid image: expected base64-encoded image data',
    })
  })
})

describe('toOpenAIMessages: assistant tool calls', () => {
  test('gives calls without id deterministic ids, type "function" and JSON-string arguments', () => {
    expect(
      toOpenAIMessages([
        { role: 'user', content: 'Weather and time in Tokyo?' },
        { role: 'assistant', content: '', tool_calls: [weatherCall, timeCall] },
      ]),
    ).toEqual([
      { role: 'user', content: 'Weather and time in Tokyo?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1_0',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
          },
          {
            id: 'call_1_1',
            type: 'function',
            function: { name: 'get_time', arguments: '{"zone":"JST"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1_0', content: '' },
      { role: 'tool', tool_call_id: 'call_1_1', content: '' },
    ])
  })

  test('answers calls left unanswered with empty results before the conversation goes on', () => {
    expect(
      toOpenAIMessages([
        { role: 'assistant', content: '', tool_calls: [weatherCall, timeCall] },
        { role: 'tool', content: '11°C', tool_name: 'get_time' },
        { role: 'user', content: 'Never mind.' },
      ]).slice(1),
    ).toEqual([
      { role: 'tool', tool_call_id: 'call_0_1', content: '11°C' },
      { role: 'tool', tool_call_id: 'call_0_0', content: '' },
      { role: 'user', content: 'Never mind.' },
    ])
  })

  test("keeps the client's ids and non-empty content", () => {
    expect(
      toOpenAIMessages([
        {
          role: 'assistant',
          content: 'Let me check.',
          tool_calls: [{ id: 'call_abc', ...weatherCall }],
        },
        { role: 'tool', content: '11°C', tool_call_id: 'call_abc' },
      ]),
    ).toEqual([
      {
        role: 'assistant',
        content: 'Let me check.',
        tool_calls: [
          {
            id: 'call_abc',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_abc', content: '11°C' },
    ])
  })

  test('sends arguments given as a string verbatim', () => {
    const [message] = toOpenAIMessages([
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'c1', function: { name: 'f', arguments: '{"a": 1}' } }],
        thinking: 'x',
      },
    ])
    expect(message).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a": 1}' } }],
    })
  })

  test('sends empty arguments as "{}" and keeps key order', () => {
    const [message] = toOpenAIMessages([
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { function: { name: 'f', arguments: {} } },
          { function: { name: 'g', arguments: { b: 1, a: { z: [1, 2], y: null } } } },
        ],
      },
    ])
    expect(message).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_0_0', type: 'function', function: { name: 'f', arguments: '{}' } },
        {
          id: 'call_0_1',
          type: 'function',
          function: { name: 'g', arguments: '{"b":1,"a":{"z":[1,2],"y":null}}' },
        },
      ],
    })
  })

  test('sends an assistant message with an empty tool_calls list as plain text', () => {
    expect(toOpenAIMessages([{ role: 'assistant', content: 'ok', tool_calls: [] }])).toEqual([
      { role: 'assistant', content: 'ok' },
    ])
  })
})

describe('toOpenAIMessages: tool results', () => {
  const calls: Message = { role: 'assistant', content: '', tool_calls: [weatherCall, timeCall] }
  const assistantWithIds: Message = {
    role: 'assistant',
    content: '',
    tool_calls: [
      { id: 'w', ...weatherCall },
      { id: 't', ...timeCall },
    ],
  }

  test('matches results to calls by tool_call_id, in any order', () => {
    const converted = toOpenAIMessages([
      { role: 'user', content: 'q' },
      assistantWithIds,
      { role: 'tool', content: '09:00', tool_call_id: 't' },
      { role: 'tool', content: '11°C', tool_call_id: 'w' },
    ])
    expect(converted.slice(2)).toEqual([
      { role: 'tool', tool_call_id: 't', content: '09:00' },
      { role: 'tool', tool_call_id: 'w', content: '11°C' },
    ])
  })

  test('matches results to calls by tool_name, in any order', () => {
    const converted = toOpenAIMessages([
      { role: 'user', content: 'q' },
      calls,
      { role: 'tool', content: '09:00', tool_name: 'get_time' },
      { role: 'tool', content: '11°C', tool_name: 'get_weather' },
    ])
    expect(converted.slice(2)).toEqual([
      { role: 'tool', tool_call_id: 'call_1_1', content: '09:00' },
      { role: 'tool', tool_call_id: 'call_1_0', content: '11°C' },
    ])
  })

  test('matches several results of the same tool to its calls in order', () => {
    const converted = toOpenAIMessages([
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: 'a', ...weatherCall },
          { id: 'b', function: { name: 'get_weather', arguments: { city: 'Paris' } } },
        ],
      },
      { role: 'tool', content: 'Tokyo: 11°C', tool_name: 'get_weather' },
      { role: 'tool', content: 'Paris: 9°C', tool_name: 'get_weather' },
    ])
    expect(converted.slice(1)).toEqual([
      { role: 'tool', tool_call_id: 'a', content: 'Tokyo: 11°C' },
      { role: 'tool', tool_call_id: 'b', content: 'Paris: 9°C' },
    ])
  })

  test('matches results with neither id nor name to calls by position', () => {
    const converted = toOpenAIMessages([
      calls,
      { role: 'tool', content: '11°C' },
      { role: 'tool', content: '09:00' },
    ])
    expect(converted.slice(1)).toEqual([
      { role: 'tool', tool_call_id: 'call_0_0', content: '11°C' },
      { role: 'tool', tool_call_id: 'call_0_1', content: '09:00' },
    ])
  })

  test('gives a result whose tool_name matches no call the next unanswered call', () => {
    const converted = toOpenAIMessages([
      calls,
      { role: 'tool', content: '09:00', tool_name: 'get_time' },
      { role: 'tool', content: '11°C', tool_name: 'weather' },
    ])
    expect(converted.slice(1)).toEqual([
      { role: 'tool', tool_call_id: 'call_0_1', content: '09:00' },
      { role: 'tool', tool_call_id: 'call_0_0', content: '11°C' },
    ])
  })

  test('does not give a call answered by id to a later result matched by name', () => {
    const converted = toOpenAIMessages([
      assistantWithIds,
      { role: 'tool', content: '11°C', tool_call_id: 'w' },
      { role: 'tool', content: '09:00', tool_name: 'get_weather' },
    ])
    expect(converted.slice(1)).toEqual([
      { role: 'tool', tool_call_id: 'w', content: '11°C' },
      { role: 'tool', tool_call_id: 't', content: '09:00' },
    ])
  })

  test('keeps a tool_call_id that matches no call as the client gave it', () => {
    const converted = toOpenAIMessages([
      assistantWithIds,
      { role: 'tool', content: '?', tool_call_id: 'zzz' },
    ])
    expect(converted[1]).toEqual({ role: 'tool', tool_call_id: 'zzz', content: '?' })
  })

  test('gives an orphan tool result a synthesized assistant call', () => {
    expect(
      toOpenAIMessages([
        { role: 'user', content: 'q' },
        { role: 'tool', content: '11°C', tool_name: 'get_weather' },
      ]),
    ).toEqual([
      { role: 'user', content: 'q' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1_0',
            type: 'function',
            function: { name: 'get_weather', arguments: '{}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1_0', content: '11°C' },
    ])
  })

  test('names the synthesized call "tool" when the result has no tool_name', () => {
    expect(toOpenAIMessages([{ role: 'tool', content: 'x' }])).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_0_0', type: 'function', function: { name: 'tool', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_0_0', content: 'x' },
    ])
  })

  test('synthesizes a call for a result beyond the calls the assistant made', () => {
    const converted = toOpenAIMessages([
      { role: 'assistant', content: '', tool_calls: [weatherCall] },
      { role: 'tool', content: '11°C', tool_name: 'get_weather' },
      { role: 'tool', content: 'extra', tool_name: 'get_weather' },
    ])
    expect(converted.slice(1)).toEqual([
      { role: 'tool', tool_call_id: 'call_0_0', content: '11°C' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_2_0', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_2_0', content: 'extra' },
    ])
  })

  test('forgets the unanswered calls of an earlier assistant turn at the next assistant turn', () => {
    const converted = toOpenAIMessages([
      { role: 'assistant', content: '', tool_calls: [weatherCall] },
      { role: 'tool', content: '11°C' },
      { role: 'assistant', content: 'It is 11°C.' },
      { role: 'user', content: 'thanks' },
      { role: 'tool', content: 'late' },
    ])
    expect(converted.slice(3)).toEqual([
      { role: 'user', content: 'thanks' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_4_0', type: 'function', function: { name: 'tool', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_4_0', content: 'late' },
    ])
  })

  test('produces a history that a strict OpenAI server accepts', () => {
    const messages = toOpenAIMessages([
      { role: 'system', content: 'Use tools.' },
      { role: 'user', content: 'Weather and time?', images: [png] },
      {
        role: 'assistant',
        content: '',
        thinking: 'need tools',
        tool_calls: [weatherCall, timeCall],
      },
      { role: 'tool', content: '09:00', tool_name: 'get_time' },
      { role: 'tool', content: '11°C' },
      { role: 'assistant', content: '11°C at 09:00.' },
      { role: 'tool', content: 'stray result', tool_name: 'get_weather' },
      { role: 'user', content: 'Thanks' },
    ])
    expect(
      validateOpenAIRequest('chat', { model: 'gpt-4o', messages: messages as unknown[] }),
    ).toBeUndefined()
  })
})
