import { describe, expect, test } from 'bun:test'
import { anyModelGlob, modelGlob } from './model-glob.ts'

describe('modelGlob', () => {
  test.each([
    ['qwen3-coder-*', 'qwen3-coder-30b', true],
    ['qwen3-coder-*', 'Qwen3-Coder-30B', true],
    ['qwen3-coder-*', 'qwen3-30b', false],
    ['openai/*', 'openai/gpt-4o', true],
    ['*', 'meta-llama/llama-3.1-8b:free', true],
    ['*:free', 'meta-llama/llama-3.1-8b:free', true],
    ['gpt-4o', 'gpt-4o-mini', false],
    ['gpt-?o', 'gpt-4o', true],
    ['a.b+(c)', 'a.b+(c)', true],
    ['a.b', 'axb', false],
  ])('%s on %s → %p', (glob, name, matches) => {
    expect(modelGlob(glob)(name)).toBe(matches)
  })

  test('anyModelGlob matches when one glob does; none for an empty list', () => {
    expect(anyModelGlob(['a*', 'b*'])('bee')).toBe(true)
    expect(anyModelGlob(['a*', 'b*'])('cee')).toBe(false)
    expect(anyModelGlob([])('anything')).toBe(false)
  })
})
