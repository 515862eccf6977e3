import { describe, expect, test } from 'bun:test'
import { toAnthropicMessage } from './to-anthropic-message.ts'

const message = { id: 'msg_0c3f', model: 'gpt-4o-mini', inputTokens: 30 }

describe('toAnthropicMessage', () => {
  test('gives the blocks in generation order, thinking with an empty signature', () => {
    expect(
      toAnthropicMessage(
        {
          blocks: [
            { type: 'thinking', text: 'Need the weather.' },
            { type: 'text', text: 'Checking.' },
            {
              type: 'tool_call',
              call: { id: 'call_7Qb2', name: 'get_weather', arguments: { city: 'Paris' } },
            },
            { type: 'text', text: 'One moment.' },
          ],
          logprobs: [],
          end: {
            finishReason: 'tool_calls',
            toolCalls: [{ id: 'call_7Qb2', name: 'get_weather', arguments: { city: 'Paris' } }],
            usage: { promptTokens: 90, completionTokens: 17 },
          },
        },
        message,
      ),
    ).toEqual({
      id: 'msg_0c3f',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o-mini',
      content: [
        { type: 'thinking', thinking: 'Need the weather.', signature: '' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'call_7Qb2', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'text', text: 'One moment.' },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 90, output_tokens: 17 },
    })
  })

  test('gives an empty answer an empty content array, and estimates usage the backend did not report', () => {
    expect(
      toAnthropicMessage(
        { blocks: [], logprobs: [], end: { finishReason: 'length', toolCalls: [] } },
        message,
      ),
    ).toEqual({
      id: 'msg_0c3f',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o-mini',
      content: [],
      stop_reason: 'max_tokens',
      stop_sequence: null,
      usage: { input_tokens: 30, output_tokens: 0 },
    })
  })

  test('estimates output tokens from text, thinking and tool input: (5 + 3 + 12) / 4 = 5', () => {
    const answer = toAnthropicMessage(
      {
        blocks: [
          { type: 'thinking', text: 'Think' },
          { type: 'text', text: 'Hi!' },
          { type: 'tool_call', call: { id: 'c', name: 'f', arguments: { city: 'P' } } },
        ],
        logprobs: [],
        end: { finishReason: 'stop', stopSequence: 'END', toolCalls: [] },
      },
      message,
    )
    expect({ stop: [answer.stop_reason, answer.stop_sequence], usage: answer.usage }).toEqual({
      stop: ['stop_sequence', 'END'],
      usage: { input_tokens: 30, output_tokens: 5 },
    })
  })
})
