import { describe, expect, test } from 'bun:test'
import { encodeStream, type StreamEncoder } from './encode-stream.ts'
import type { GenerationBatch, GenerationEnd } from './generation-event.ts'

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item
}

/** Writes `<content|thinking>` per delta (nothing for an empty one) and `[finishReason]` at the end. */
const tagging: StreamEncoder = {
  delta: (delta) =>
    delta.content === '' && delta.thinking === '' ? '' : `<${delta.content}|${delta.thinking}>`,
  end: (end) => `[${end.finishReason}]`,
}

const end: GenerationEnd = { finishReason: 'length', toolCalls: [] }

describe('encodeStream', () => {
  test('writes one piece per batch: its deltas in order, joined', async () => {
    const batches: GenerationBatch[] = [
      {
        deltas: [
          { content: 'a', thinking: '' },
          { content: '', thinking: 'b' },
        ],
      },
      { deltas: [{ content: 'c', thinking: 'd' }] },
    ]
    expect(await Array.fromAsync(encodeStream(from(batches), tagging))).toEqual([
      '<a|><|b>',
      '<c|d>',
    ])
  })

  test("writes the end's text in the same piece as the last output", async () => {
    const batches: GenerationBatch[] = [
      { deltas: [{ content: 'a', thinking: '' }] },
      { deltas: [{ content: 'b', thinking: '' }], end },
    ]
    expect(await Array.fromAsync(encodeStream(from(batches), tagging))).toEqual([
      '<a|>',
      '<b|>[length]',
    ])
  })

  test('writes the end alone when the last batch has no output', async () => {
    expect(await Array.fromAsync(encodeStream(from([{ deltas: [], end }]), tagging))).toEqual([
      '[length]',
    ])
  })

  test('writes nothing for a batch whose deltas encode to no text', async () => {
    const batches: GenerationBatch[] = [
      { deltas: [{ content: 'a', thinking: '' }] },
      { deltas: [{ content: '', thinking: '', toolCalls: [] }] },
      { deltas: [] },
      { deltas: [{ content: 'b', thinking: '' }] },
    ]
    expect(await Array.fromAsync(encodeStream(from(batches), tagging))).toEqual(['<a|>', '<b|>'])
  })

  test('writes nothing for a stream without batches', async () => {
    expect(await Array.fromAsync(encodeStream(from([]), tagging))).toEqual([])
  })

  test('passes on what came before a failure of the batches, then the failure', async () => {
    const failure = new Error('upstream went away')
    async function* failing(): AsyncGenerator<GenerationBatch> {
      yield { deltas: [{ content: 'a', thinking: '' }] }
      throw failure
    }
    const written: string[] = []
    let caught: unknown
    try {
      for await (const text of encodeStream(failing(), tagging)) written.push(text)
    } catch (error) {
      caught = error
    }
    expect({ written, caught }).toEqual({ written: ['<a|>'], caught: failure })
  })

  test("writes the encoder's opening first, on its own, and only once", async () => {
    let starts = 0
    const opening: StreamEncoder = {
      ...tagging,
      start: () => (starts++ === 0 ? '{open}' : ''),
    }
    const batches: GenerationBatch[] = [{ deltas: [{ content: 'a', thinking: '' }], end }]
    expect(await Array.fromAsync(encodeStream(from(batches), opening))).toEqual([
      '{open}',
      '<a|>[length]',
    ])
    expect(starts).toBe(1)
  })

  test('ending it before it started ends the batches too (their cleanup runs)', async () => {
    const finished: string[] = []
    async function* batches(): AsyncGenerator<GenerationBatch> {
      try {
        yield { deltas: [{ content: 'a', thinking: '' }] }
        yield { deltas: [{ content: 'b', thinking: '' }] }
      } finally {
        finished.push('batches')
      }
    }
    const source = batches()
    await source.next()
    const stream = encodeStream(source, tagging)
    expect(await stream.return?.()).toEqual({ done: true, value: undefined })
    expect(finished).toEqual(['batches'])
  })
})
