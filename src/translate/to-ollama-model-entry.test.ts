import { describe, expect, test } from 'bun:test'
import { toOllamaModelEntry } from './to-ollama-model-entry.ts'

const fallback = new Date('2025-01-02T03:04:05.678Z')

describe('toOllamaModelEntry', () => {
  test('lists an upstream model as an /api/tags entry', () => {
    expect(
      toOllamaModelEntry({ id: 'gpt-4o', created: 1_700_000_000, owned_by: 'openai' }, fallback),
    ).toEqual({
      name: 'gpt-4o:latest',
      model: 'gpt-4o:latest',
      modified_at: '2023-11-14T22:13:20.000Z',
      size: 0,
      digest: 'a2a69af70d1b9be70f1abf8218492c5e65aea34285462bd65757cd6f44a7c10e',
      details: {
        parent_model: '',
        format: 'gguf',
        family: 'gpt',
        families: ['gpt'],
        parameter_size: '',
        quantization_level: '',
      },
    })
  })

  test('keeps a tagged id, and hashes the id itself', () => {
    expect(toOllamaModelEntry({ id: 'qwen2.5-coder:7b' }, fallback)).toEqual({
      name: 'qwen2.5-coder:7b',
      model: 'qwen2.5-coder:7b',
      modified_at: '2025-01-02T03:04:05.678Z',
      size: 0,
      digest: '49b7701263a8f32ec45e1ab690d6a43ca211955979df99970b40cc462a2ca973',
      details: {
        parent_model: '',
        format: 'gguf',
        family: 'qwen',
        families: ['qwen'],
        parameter_size: '',
        quantization_level: '',
      },
    })
  })

  test.each([undefined, 0])('uses the fallback time when created is %p', (created) => {
    expect(toOllamaModelEntry({ id: 'x', created }, fallback).modified_at).toBe(
      '2025-01-02T03:04:05.678Z',
    )
  })

  test('gives a 64-hex-character digest without prefix, distinct per id', () => {
    const a = toOllamaModelEntry({ id: 'a' }, fallback).digest
    const b = toOllamaModelEntry({ id: 'A' }, fallback).digest
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(b).toMatch(/^[0-9a-f]{64}$/)
    expect(a).not.toBe(b)
  })
})

test('an entry under another name (a prefix, an alias): named and digested so, family from the model', () => {
  const entry = toOllamaModelEntry({ id: 'qwen3-coder-30b' }, new Date(0), 'coder')
  expect(entry.name).toBe('coder:latest')
  expect(entry.digest).toBe(new Bun.CryptoHasher('sha256').update('coder').digest('hex'))
  expect(entry.details.family).toBe('qwen')
})
