import { describe, expect, test } from 'bun:test'
import { inferModelFamily } from './infer-model-family.ts'

describe('inferModelFamily', () => {
  test.each([
    ['gpt-4o', 'gpt'],
    ['openai/gpt-4o', 'gpt'],
    ['meta-llama/Llama-3-8b', 'llama'],
    ['mistralai/Mistral-7B-Instruct-v0.3', 'mistral'],
    ['claude-3-5-sonnet', 'claude'],
    ['qwen2.5-coder:7b', 'qwen'],
    ['text-embedding-3-small', 'embedding'],
    ['chat-bison', 'bison'],
    ['hf/open-models-phi', 'phi'],
    ['o3-mini', 'o'],
  ])('guesses the family of %p as %p', (id, family) => {
    expect(inferModelFamily(id)).toBe(family)
  })

  test.each(['', '123', 'chat', 'org/', '42:latest'])(
    'says "unknown" when %p has no telling word',
    (id) => {
      expect(inferModelFamily(id)).toBe('unknown')
    },
  )
})
