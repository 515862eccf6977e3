import { describe, expect, test } from 'bun:test'
import { collectGeneration, type GenerationResult, joinBlocks } from './collect-generation.ts'
import type { GenerationBatch, GenerationEnd, TokenLogprob } from './generation-event.ts'

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item
}

const stop: GenerationEnd = { finishReason: 'stop', toolCalls: [] }

const text = (content: string) => ({ content, thinking: '' })
const thought = (thinking: string) => ({ content: '', thinking })

describe('collectGeneration', () => {
  test('joins consecutive text and consecutive reasoning into blocks, in generation order', async () => {
    const result = await collectGeneration(
      from<GenerationBatch>([
        { deltas: [thought('Let me '), thought('think.')] },
        { deltas: [text('The answer'), text(' is ')] },
        { deltas: [thought('Check.'), text('42.')], end: stop },
      ]),
    )
    expect(result).toEqual({
      blocks: [
        { type: 'thinking', text: 'Let me think.' },
        { type: 'text', text: 'The answer is ' },
        { type: 'thinking', text: 'Check.' },
        { type: 'text', text: '42.' },
      ],
      logprobs: [],
      end: stop,
    })
  })

  test('puts the reasoning of a delta before its text', async () => {
    const result = await collectGeneration(
      from([{ deltas: [{ content: 'Hi', thinking: 'greet' }], end: stop }]),
    )
    expect(result.blocks).toEqual([
      { type: 'thinking', text: 'greet' },
      { type: 'text', text: 'Hi' },
    ])
  })

  test('adds no block for empty text or reasoning, so the text around it stays one block', async () => {
    const result = await collectGeneration(
      from([{ deltas: [text('a'), { content: '', thinking: '' }, text('b')], end: stop }]),
    )
    expect(result.blocks).toEqual([{ type: 'text', text: 'ab' }])
  })

  test('joins the log probabilities of every delta, in order', async () => {
    const first: TokenLogprob[] = [
      { token: 'Hi', logprob: -0.25 },
      { token: ' there', logprob: -1.5 },
    ]
    const second: TokenLogprob[] = [
      { token: '!', logprob: -0.75, bytes: [33], top_logprobs: [{ token: '.', logprob: -2 }] },
    ]
    const result = await collectGeneration(
      from<GenerationBatch>([
        { deltas: [{ ...text('Hi there'), logprobs: first }] },
        { deltas: [text('')] },
        { deltas: [{ ...text('!'), logprobs: second }], end: stop },
      ]),
    )
    expect(result.logprobs).toEqual([...first, ...second])
  })

  test('places each tool call where it started and fills it with the whole call from the end', async () => {
    const weather = { id: 'call_a', name: 'get_weather', arguments: { city: 'Tokyo' } }
    const time = { id: 'call_b', name: 'get_time', arguments: { zone: 'JST' } }
    const result = await collectGeneration(
      from<GenerationBatch>([
        { deltas: [text('Checking.')] },
        {
          deltas: [
            {
              ...text(''),
              toolCalls: [
                { type: 'start', index: 0, id: 'call_a', name: 'get_weather' },
                { type: 'arguments', index: 0, text: '{"city":' },
              ],
            },
            { ...text(''), toolCalls: [{ type: 'arguments', index: 0, text: '"Tokyo"}' }] },
          ],
        },
        { deltas: [text('And the time.')] },
        {
          deltas: [
            {
              ...text(''),
              toolCalls: [
                { type: 'start', index: 1, id: 'call_b', name: 'get_time' },
                { type: 'arguments', index: 1, text: '{"zone":"JST"}' },
              ],
            },
          ],
          end: { finishReason: 'tool_calls', toolCalls: [weather, time] },
        },
      ]),
    )
    expect(result.blocks).toEqual([
      { type: 'text', text: 'Checking.' },
      { type: 'tool_call', call: weather },
      { type: 'text', text: 'And the time.' },
      { type: 'tool_call', call: time },
    ])
  })

  test('keeps text after a tool call in a block of its own', async () => {
    const call = { id: 'call_a', name: 'f', arguments: {} }
    const result = await collectGeneration(
      from<GenerationBatch>([
        {
          deltas: [
            text('before'),
            { ...text(''), toolCalls: [{ type: 'start', index: 0, id: 'call_a', name: 'f' }] },
            text('after'),
          ],
          end: { finishReason: 'tool_calls', toolCalls: [call] },
        },
      ]),
    )
    expect(result.blocks).toEqual([
      { type: 'text', text: 'before' },
      { type: 'tool_call', call },
      { type: 'text', text: 'after' },
    ])
  })

  test('appends the calls whose start was never seen, after the output, in their order', async () => {
    const seen = { id: 'call_a', name: 'f', arguments: { x: 1 } }
    const unseen1 = { id: 'call_b', name: 'g', arguments: { y: 2 } }
    const unseen2 = { id: 'call_c', name: 'h', arguments: {} }
    const result = await collectGeneration(
      from<GenerationBatch>([
        {
          deltas: [
            { ...text(''), toolCalls: [{ type: 'start', index: 0, id: 'call_a', name: 'f' }] },
          ],
        },
        {
          deltas: [text('done')],
          end: { finishReason: 'tool_calls', toolCalls: [seen, unseen1, unseen2] },
        },
      ]),
    )
    expect(result.blocks).toEqual([
      { type: 'tool_call', call: seen },
      { type: 'text', text: 'done' },
      { type: 'tool_call', call: unseen1 },
      { type: 'tool_call', call: unseen2 },
    ])
  })

  test('returns the end as the stream gave it', async () => {
    const end: GenerationEnd = {
      finishReason: 'stop',
      stopSequence: '\n\n',
      toolCalls: [],
      usage: { promptTokens: 3, completionTokens: 5, cachedTokens: 1, reasoningTokens: 2 },
    }
    const result = await collectGeneration(from([{ deltas: [], end }]))
    expect(result).toEqual({ blocks: [], logprobs: [], end })
    expect(result.end).toBe(end)
  })

  test('stops reading at the end and closes the stream', async () => {
    const log: string[] = []
    async function* batches(): AsyncGenerator<GenerationBatch> {
      try {
        yield { deltas: [text('a')], end: stop }
        log.push('read past the end')
        yield { deltas: [text('b')] }
      } finally {
        log.push('closed')
      }
    }
    const result = await collectGeneration(batches())
    expect({ blocks: result.blocks, log }).toEqual({
      blocks: [{ type: 'text', text: 'a' }],
      log: ['closed'],
    })
  })

  test('fails when the stream runs out without its end', async () => {
    const collecting = collectGeneration(from([{ deltas: [text('a')] }]))
    await expect(collecting).rejects.toThrow(new Error('the generation ended without its end'))
  })

  test('throws what the stream throws', async () => {
    const failure = new Error('cut short')
    async function* failing(): AsyncGenerator<GenerationBatch> {
      yield { deltas: [text('a')] }
      throw failure
    }
    await expect(collectGeneration(failing())).rejects.toBe(failure)
  })
})

describe('joinBlocks', () => {
  const result: GenerationResult = {
    blocks: [
      { type: 'thinking', text: 'one ' },
      { type: 'text', text: 'A' },
      { type: 'tool_call', call: { id: 'c', name: 'f', arguments: {} } },
      { type: 'thinking', text: 'two' },
      { type: 'text', text: 'B' },
    ],
    logprobs: [],
    end: stop,
  }

  test('joins the text of every block of one type, skipping the others', () => {
    expect(joinBlocks(result, 'text')).toBe('AB')
    expect(joinBlocks(result, 'thinking')).toBe('one two')
  })

  test('is empty when no block has the type', () => {
    expect(
      joinBlocks({ blocks: [{ type: 'text', text: 'A' }], logprobs: [], end: stop }, 'thinking'),
    ).toBe('')
  })
})
