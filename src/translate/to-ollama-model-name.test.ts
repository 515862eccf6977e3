import { describe, expect, test } from 'bun:test'
import { toOllamaModelName } from './to-ollama-model-name.ts'

describe('toOllamaModelName', () => {
  test.each([
    ['gpt-4o', 'gpt-4o:latest'],
    ['openai/gpt-4o', 'openai/gpt-4o:latest'],
    ['meta-llama/llama-3.1-8b-instruct:free', 'meta-llama/llama-3.1-8b-instruct:free'],
    ['qwen2.5-coder:7b', 'qwen2.5-coder:7b'],
    ['llama3.2:latest', 'llama3.2:latest'],
  ])('lists %p as %p', (id, name) => {
    expect(toOllamaModelName(id)).toBe(name)
  })
})
