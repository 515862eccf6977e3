import { describe, expect, test } from 'bun:test'
import { toTokenUsage } from './to-token-usage.ts'

describe('toTokenUsage', () => {
  test('counts prompt and completion tokens', () => {
    expect(
      toTokenUsage({ prompt_tokens: 12, completion_tokens: 34, total_tokens: 46 }),
    ).toStrictEqual({
      promptTokens: 12,
      completionTokens: 34,
    })
  })

  test('adds the cached and reasoning token counts when reported', () => {
    expect(
      toTokenUsage({
        prompt_tokens: 120,
        completion_tokens: 80,
        total_tokens: 200,
        prompt_tokens_details: { cached_tokens: 100, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 60, audio_tokens: 0 },
      }),
    ).toStrictEqual({
      promptTokens: 120,
      completionTokens: 80,
      cachedTokens: 100,
      reasoningTokens: 60,
    })
  })

  test('leaves out counts of zero and details without them', () => {
    expect(
      toTokenUsage({
        prompt_tokens: 1,
        completion_tokens: 2,
        total_tokens: 3,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: {},
      }),
    ).toStrictEqual({ promptTokens: 1, completionTokens: 2 })
  })

  test('counts zero tokens as zero', () => {
    expect(toTokenUsage({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 })).toStrictEqual(
      {
        promptTokens: 0,
        completionTokens: 0,
      },
    )
  })
})
