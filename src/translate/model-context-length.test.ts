import { describe, expect, test } from 'bun:test'
import { modelContextLength } from './model-context-length.ts'

describe('modelContextLength', () => {
  test('uses the OpenRouter context_length when present', () => {
    expect(
      modelContextLength({ id: 'x', context_length: 200_000, max_model_len: 8192 }, 4096),
    ).toBe(200_000)
  })

  test('uses the vLLM max_model_len when there is no context_length', () => {
    expect(modelContextLength({ id: 'x', max_model_len: 8192 }, 4096)).toBe(8192)
  })

  test('falls back to the configured length when the backend says nothing', () => {
    expect(modelContextLength({ id: 'x' }, 4096)).toBe(4096)
  })
})
