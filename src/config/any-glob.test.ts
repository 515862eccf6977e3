import { describe, expect, test } from 'bun:test'
import { anyGlob } from './any-glob.ts'

describe('anyGlob', () => {
  test.each([
    ['qwen3-coder-*', 'qwen3-coder-30b', true],
    ['qwen3-coder-*', 'Qwen3-Coder-30B', true],
    ['qwen3-coder-*', 'qwen3-30b', false],
    ['openai/*', 'openai/gpt-4o', true],
    ['*', 'meta-llama/llama-3.1-8b:free', true],
    ['*:free', 'meta-llama/llama-3.1-8b:free', true],
    ['gpt-4o', 'gpt-4o-mini', false],
    ['gpt-?o', 'gpt-4o', true],
    ['gpt-?o', 'gpt-o', false],
    ['a.b+(c)', 'a.b+(c)', true],
    ['a.b', 'axb', false],
    ['a|b', 'a', false],
    ['*.example.org', 'api.example.org', true],
    ['*.example.org', 'example.org', false],
  ])('%s on %s → %p', (glob, name, matches) => {
    expect(anyGlob([glob])(name)).toBe(matches)
  })

  test('matches when one glob does; none for an empty list', () => {
    expect(anyGlob(['a*', 'b*'])('bee')).toBe(true)
    expect(anyGlob(['a*', 'b*'])('cee')).toBe(false)
    expect(anyGlob(['a', 'b'])('ab')).toBe(false)
    expect(anyGlob([])('anything')).toBe(false)
  })
})
