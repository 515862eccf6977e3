import { describe, expect, test } from 'bun:test'
import { thrown } from '../../test/support/thrown.ts'
import { toGenerationEnd } from './to-generation-end.ts'

const call = { id: 'c', name: 'f', arguments: { a: 1 } }

describe('toGenerationEnd', () => {
  test('ends with stop, no tool calls and no usage key when the usage is unknown', () => {
    const end = toGenerationEnd({ reason: 'stop' }, [], undefined)
    expect(end).toEqual({ finishReason: 'stop', toolCalls: [] })
    expect('usage' in end).toBe(false)
  })

  test('carries length, the usage and the tool calls', () => {
    expect(
      toGenerationEnd({ reason: 'length' }, [call], { promptTokens: 3, completionTokens: 4 }),
    ).toEqual({
      finishReason: 'length',
      toolCalls: [call],
      usage: { promptTokens: 3, completionTokens: 4 },
    })
  })

  test.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool_calls'],
    ['function_call', 'tool_calls'],
    ['content_filter', 'content_filter'],
    ['eos', 'stop'],
  ])('maps finish_reason %p to %p', (reason, finishReason) => {
    expect(toGenerationEnd({ reason }, [], undefined).finishReason).toBe(finishReason as never)
  })

  test('a generation that called tools ended for them, unless it hit the token limit', () => {
    expect(toGenerationEnd({ reason: 'stop' }, [call], undefined).finishReason).toBe('tool_calls')
    expect(toGenerationEnd({ reason: 'length' }, [call], undefined).finishReason).toBe('length')
  })

  test('names the matched stop sequence only for a stop', () => {
    expect(toGenerationEnd({ reason: 'stop', stopSequence: '###' }, [], undefined)).toEqual({
      finishReason: 'stop',
      stopSequence: '###',
      toolCalls: [],
    })
    expect(
      'stopSequence' in toGenerationEnd({ reason: 'length', stopSequence: '###' }, [], undefined),
    ).toBe(false)
  })

  test('fails with a 502 when the stream ended without a finish_reason', () => {
    const error = thrown(() => toGenerationEnd({ reason: undefined }, [], undefined))
    expect({ status: error.status, message: error.message }).toEqual({
      status: 502,
      message: 'the upstream stream ended before the answer was complete',
    })
  })

  test('fails with a 502 for finish_reason "error" (OpenRouter)', () => {
    const error = thrown(() =>
      toGenerationEnd({ reason: 'error' }, [], { promptTokens: 1, completionTokens: 1 }),
    )
    expect({ status: error.status, message: error.message }).toEqual({
      status: 502,
      message: 'the upstream failed while generating',
    })
  })
})
