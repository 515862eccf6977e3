import { describe, expect, test } from 'bun:test'
import { thrown } from '../../test/support/thrown.ts'
import { toOpenAIToolChoice } from './to-openai-tool-choice.ts'

describe('toOpenAIToolChoice', () => {
  test.each(['auto', 'none', 'required'] as const)('passes %p as it is', (choice) => {
    expect(toOpenAIToolChoice(choice)).toBe(choice)
  })

  test('keeps the chat form of a forced function, dropping anything else', () => {
    expect(
      toOpenAIToolChoice({
        type: 'function',
        function: { name: 'get_weather', extra: 1 } as { name: string },
      }),
    ).toEqual({ type: 'function', function: { name: 'get_weather' } })
  })

  test('turns the flat form AI SDK providers send into the chat form', () => {
    expect(toOpenAIToolChoice({ type: 'function', name: 'get_weather' })).toEqual({
      type: 'function',
      function: { name: 'get_weather' },
    })
  })

  test('refuses a forced function without a name', () => {
    const error = thrown(() => toOpenAIToolChoice({ type: 'function' }))
    expect([error.status, error.message]).toEqual([
      400,
      'tool_choice of type "function" needs the name of the function',
    ])
  })
})
