import { describe, expect, test } from 'bun:test'
import { toAnthropicUsage } from './to-anthropic-usage.ts'

const estimate = { inputTokens: 18, outputChars: 9 }

describe('toAnthropicUsage', () => {
  test("takes the backend's counts when it reports them", () => {
    expect(
      JSON.stringify(toAnthropicUsage({ promptTokens: 21, completionTokens: 3 }, estimate)),
    ).toBe('{"input_tokens":21,"output_tokens":3}')
  })

  test('reports cached prompt tokens apart from the input tokens', () => {
    expect(
      JSON.stringify(
        toAnthropicUsage(
          { promptTokens: 1200, completionTokens: 40, cachedTokens: 1024 },
          estimate,
        ),
      ),
    ).toBe('{"input_tokens":176,"cache_read_input_tokens":1024,"output_tokens":40}')
  })

  test('counts reasoning tokens as output tokens (they are included already)', () => {
    expect(
      toAnthropicUsage({ promptTokens: 14, completionTokens: 9, reasoningTokens: 6 }, estimate),
    ).toEqual({ input_tokens: 14, output_tokens: 9 })
  })

  test('estimates both without counts: the input estimate, output characters / 4 rounded up', () => {
    expect(toAnthropicUsage(undefined, estimate)).toEqual({ input_tokens: 18, output_tokens: 3 })
    expect(toAnthropicUsage(undefined, { inputTokens: 5, outputChars: 0 })).toEqual({
      input_tokens: 5,
      output_tokens: 0,
    })
  })
})
