import { describe, expect, test } from 'bun:test'
import { createReasoningReader } from './create-reasoning-reader.ts'

const readAll = (deltas: object[]) => {
  const read = createReasoningReader()
  return deltas.map((delta) => read(delta))
}

describe('createReasoningReader', () => {
  test('reads reasoning_content (DeepSeek, llama.cpp)', () => {
    expect(readAll([{ reasoning_content: 'Let me' }, { reasoning_content: ' think.' }])).toEqual([
      'Let me',
      ' think.',
    ])
  })

  test('reads reasoning (OpenRouter, vLLM)', () => {
    expect(readAll([{ reasoning: 'Hmm' }, { reasoning: '...' }])).toEqual(['Hmm', '...'])
  })

  test('does not double reasoning sent as both reasoning_content and reasoning', () => {
    expect(
      readAll([
        { reasoning_content: 'A', reasoning: 'A' },
        { reasoning_content: 'B', reasoning: 'B' },
      ]),
    ).toEqual(['A', 'B'])
  })

  test('settles on the first field that carries text and ignores the other afterwards', () => {
    expect(
      readAll([
        { reasoning: 'first' },
        { reasoning_content: 'ignored', reasoning: ' second' },
        { reasoning_content: 'ignored too' },
      ]),
    ).toEqual(['first', ' second', ''])
  })

  test('prefers reasoning_content when both start in the same delta', () => {
    expect(readAll([{ reasoning_content: 'rc', reasoning: 'r' }, { reasoning: 'r2' }])).toEqual([
      'rc',
      '',
    ])
  })

  test('does not settle on a field that is empty or null', () => {
    expect(
      readAll([
        { reasoning_content: '', reasoning: null },
        { reasoning_content: null, reasoning: 'text' },
        { reasoning: 'more', reasoning_content: 'other' },
      ]),
    ).toEqual(['', 'text', 'more'])
  })

  test('reads nothing from deltas without reasoning or with non-string values', () => {
    expect(
      readAll([{ content: 'hi' }, { reasoning: 42 }, { reasoning_content: { a: 1 } }, {}]),
    ).toEqual(['', '', '', ''])
  })

  test('returns "" for a non-string value of the chosen field', () => {
    expect(readAll([{ reasoning: 'x' }, { reasoning: null }, { reasoning: 'y' }])).toEqual([
      'x',
      '',
      'y',
    ])
  })

  test('each reader settles independently', () => {
    const first = createReasoningReader()
    const second = createReasoningReader()
    expect(first({ reasoning: 'a' })).toBe('a')
    expect(second({ reasoning_content: 'b', reasoning: 'c' })).toBe('b')
    expect(first({ reasoning_content: 'x', reasoning: 'y' })).toBe('y')
  })
})
