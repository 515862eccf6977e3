import { describe, expect, test } from 'bun:test'
import { chatChunkLine, generateChunkLine } from './ollama-chunk-line.ts'
import type { OllamaChunkPart } from './ollama-chunk-part.ts'
import { toOllamaChatChunk } from './to-ollama-chat-chunk.ts'
import { toOllamaGenerateChunk } from './to-ollama-generate-chunk.ts'

/** Characters JSON escapes or treats specially, and some that it does not. */
const alphabet = [
  'a',
  'Z',
  ' ',
  '"',
  '\\',
  '/',
  '\n',
  '\r',
  '\t',
  '\b',
  '\f',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u2028',
  '\u2029',
  'é',
  '€',
  '日本',
  '😀',
  '\ud83d', // a lone high surrogate
  '\ude00', // a lone low surrogate
  '<think>',
  '</think>',
  '{"x":1}',
]

/** A deterministic pseudo-random generator (mulberry32), so failures can be replayed. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function text(next: () => number, maxLength: number): string {
  let value = ''
  const length = Math.floor(next() * (maxLength + 1))
  for (let index = 0; index < length; index++) {
    value += alphabet[Math.floor(next() * alphabet.length)]
  }
  return value
}

const logprobs = [{ token: 'Hi', logprob: -0.1, bytes: [72, 105], top_logprobs: [] }]

function parts(
  seed: number,
  count: number,
): { model: string; at: string; part: OllamaChunkPart }[] {
  const next = random(seed)
  return Array.from({ length: count }, (_, index) => {
    const part: OllamaChunkPart = { content: text(next, 12) }
    const kind = next()
    if (kind < 0.3) part.thinking = text(next, 8)
    else if (kind < 0.35) part.thinking = ''
    if (index % 97 === 0) part.logprobs = logprobs
    if (index % 83 === 0) part.logprobs = []
    return {
      model: index % 7 === 0 ? text(next, 6) : 'qwen3:latest',
      at: new Date(1_751_919_739_100 + index).toISOString(),
      part,
    }
  })
}

describe('chatChunkLine', () => {
  test('writes exactly what JSON.stringify(toOllamaChatChunk(…)) writes, over many parts', () => {
    for (const { model, at, part } of parts(1, 5000)) {
      expect(chatChunkLine(model)(at, part)).toBe(
        JSON.stringify(toOllamaChatChunk(model, at, part)),
      )
    }
  })

  test('one writer serves a whole stream, its timestamps changing', () => {
    const line = chatChunkLine('llama3.2')
    for (const { at, part } of parts(2, 2000)) {
      expect(line(at, part)).toBe(JSON.stringify(toOllamaChatChunk('llama3.2', at, part)))
    }
  })

  test('a plain content chunk', () => {
    expect(chatChunkLine('m')('2025-07-07T20:22:19.100Z', { content: 'Hi "you"' })).toBe(
      '{"model":"m","created_at":"2025-07-07T20:22:19.100Z","message":{"role":"assistant","content":"Hi \\"you\\""},"done":false}',
    )
  })
})

describe('generateChunkLine', () => {
  test('writes exactly what JSON.stringify(toOllamaGenerateChunk(…)) writes, over many parts', () => {
    for (const { model, at, part } of parts(3, 5000)) {
      expect(generateChunkLine(model)(at, part)).toBe(
        JSON.stringify(toOllamaGenerateChunk(model, at, part)),
      )
    }
  })

  test('one writer serves a whole stream, its timestamps changing', () => {
    const line = generateChunkLine('m')
    for (const { at, part } of parts(4, 2000)) {
      expect(line(at, part)).toBe(JSON.stringify(toOllamaGenerateChunk('m', at, part)))
    }
  })

  test('thinking comes after done, as in the chunk object', () => {
    expect(generateChunkLine('m')('t', { content: '', thinking: 'Hmm' })).toBe(
      '{"model":"m","created_at":"t","response":"","done":false,"thinking":"Hmm"}',
    )
  })
})
