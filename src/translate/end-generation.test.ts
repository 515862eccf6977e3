import { describe, expect, test } from 'bun:test'
import { thrown } from '../../test/support/thrown.ts'
import { endGeneration } from './end-generation.ts'
import { ToolCallAccumulator } from './tool-call-accumulator.ts'

describe('endGeneration', () => {
  test('ends with done_reason stop, no tool calls and no usage', () => {
    expect(endGeneration('stop', undefined, undefined)).toEqual({
      type: 'end',
      doneReason: 'stop',
      toolCalls: [],
    })
  })

  test('does not add a usage key when the usage is unknown', () => {
    expect('usage' in endGeneration('stop', undefined, undefined)).toBe(false)
  })

  test('carries length, the usage and the assembled tool calls', () => {
    const toolCalls = new ToolCallAccumulator()
    toolCalls.add([{ index: 0, id: 'c', function: { name: 'f', arguments: '{"a":1}' } }])
    expect(endGeneration('length', toolCalls, { promptTokens: 3, completionTokens: 4 })).toEqual({
      type: 'end',
      doneReason: 'length',
      toolCalls: [{ id: 'c', function: { index: 0, name: 'f', arguments: { a: 1 } } }],
      usage: { promptTokens: 3, completionTokens: 4 },
    })
  })

  test.each(['tool_calls', 'content_filter', 'function_call'])(
    'reports finish_reason %p as stop',
    (finishReason) => {
      expect(endGeneration(finishReason, undefined, undefined).doneReason).toBe('stop')
    },
  )

  test('fails with a 502 when the stream ended without a finish_reason', () => {
    const error = thrown(() => endGeneration(undefined, undefined, undefined))
    expect({ status: error.status, message: error.message }).toEqual({
      status: 502,
      message: 'the upstream stream ended before the answer was complete',
    })
  })

  test('fails with a 502 for finish_reason "error" (OpenRouter)', () => {
    const error = thrown(() =>
      endGeneration('error', undefined, { promptTokens: 1, completionTokens: 1 }),
    )
    expect({ status: error.status, message: error.message }).toEqual({
      status: 502,
      message: 'the upstream failed while generating',
    })
  })

  test('fails with the 502 of invalid tool-call arguments', () => {
    const toolCalls = new ToolCallAccumulator()
    toolCalls.add([{ index: 0, id: 'c', function: { name: 'f', arguments: '{' } }])
    const error = thrown(() => endGeneration('tool_calls', toolCalls, undefined))
    expect({ status: error.status, message: error.message }).toEqual({
      status: 502,
      message: 'the upstream returned invalid arguments for tool call "f": {',
    })
  })
})
