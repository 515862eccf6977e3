import { describe, expect, test } from 'bun:test'
import { toAnthropicStopReason } from './to-anthropic-stop-reason.ts'

describe('toAnthropicStopReason', () => {
  test.each([
    [{ finishReason: 'stop' }, { stop_reason: 'end_turn', stop_sequence: null }],
    [
      { finishReason: 'stop', stopSequence: '</answer>' },
      { stop_reason: 'stop_sequence', stop_sequence: '</answer>' },
    ],
    [{ finishReason: 'length' }, { stop_reason: 'max_tokens', stop_sequence: null }],
    [{ finishReason: 'tool_calls' }, { stop_reason: 'tool_use', stop_sequence: null }],
    [{ finishReason: 'content_filter' }, { stop_reason: 'refusal', stop_sequence: null }],
  ] as const)('maps %p to %p', (end, expected) => {
    expect(toAnthropicStopReason(end)).toEqual(expected)
  })
})
