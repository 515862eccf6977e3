import { describe, expect, test } from 'bun:test'
import type { ChatCompletionTool } from 'openai/resources/chat/completions'
import { thrown } from '../../test/support/thrown.ts'
import { fromAnthropicTools } from './from-anthropic-tools.ts'

const weather = {
  name: 'get_weather',
  description: 'The weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
}
const weatherFunction: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: weather.input_schema,
  },
}

describe('fromAnthropicTools', () => {
  test('turns tools into function tools; no schema is an object with no properties', () => {
    expect(
      fromAnthropicTools(
        [weather, { name: 'now', cache_control: { type: 'ephemeral' } } as never],
        undefined,
      ),
    ).toEqual({
      tools: [
        weatherFunction,
        {
          type: 'function',
          function: { name: 'now', parameters: { type: 'object', properties: {} } },
        },
      ],
    })
  })

  test('drops server tools, keeps custom ones', () => {
    expect(
      fromAnthropicTools(
        [
          { type: 'web_search_20250305', name: 'web_search' },
          { type: 'bash_20250124', name: 'bash' },
          { ...weather, type: 'custom' },
        ],
        { type: 'any' },
      ),
    ).toEqual({ tools: [weatherFunction], toolChoice: 'required' })
  })

  test('sends nothing, not even tool_choice, when no tool is left', () => {
    expect(fromAnthropicTools(undefined, { type: 'auto' })).toEqual({})
    expect(
      fromAnthropicTools([{ type: 'web_search_20250305', name: 'web_search' }], { type: 'any' }),
    ).toEqual({})
  })

  test.each([
    [{ type: 'auto' }, 'auto'],
    [{ type: 'any' }, 'required'],
    [{ type: 'none' }, 'none'],
    [
      { type: 'tool', name: 'get_weather' },
      { type: 'function', function: { name: 'get_weather' } },
    ],
  ] as const)('maps tool_choice %p to %p', (choice, toolChoice) => {
    expect(fromAnthropicTools([weather], choice)).toEqual({ tools: [weatherFunction], toolChoice })
  })

  test('turns disable_parallel_tool_use into parallel_tool_calls: false', () => {
    expect(
      fromAnthropicTools([weather], { type: 'auto', disable_parallel_tool_use: true }),
    ).toEqual({ tools: [weatherFunction], toolChoice: 'auto', parallelToolCalls: false })
    expect(
      fromAnthropicTools([weather], { type: 'auto', disable_parallel_tool_use: false }),
    ).toEqual({ tools: [weatherFunction], toolChoice: 'auto' })
  })

  test('refuses tool_choice "tool" without a name', () => {
    const error = thrown(() => fromAnthropicTools([weather], { type: 'tool' }))
    expect({ status: error.status, message: error.message }).toEqual({
      status: 400,
      message: 'tool_choice.name is required when tool_choice.type is "tool"',
    })
  })
})
