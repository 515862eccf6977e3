import { describe, expect, test } from 'bun:test'
import { toTokenUsage } from './generation-event.ts'

describe('toTokenUsage', () => {
  test('takes prompt and completion token counts from OpenAI usage', () => {
    expect(toTokenUsage({ prompt_tokens: 12, completion_tokens: 34 })).toEqual({
      promptTokens: 12,
      completionTokens: 34,
    })
  })
})
