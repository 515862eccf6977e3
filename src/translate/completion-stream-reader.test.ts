import { describe, expect, test } from 'bun:test'
import type { Completion, CompletionChoice } from 'openai/resources/completions'
import { type ReadEvent, readStream } from '../../test/support/read-stream.ts'
import { OllamaError } from '../errors/ollama-error.ts'
import { CompletionStreamReader } from './completion-stream-reader.ts'

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item
}

const base = { id: 'cmpl-1', object: 'text_completion' as const, created: 1, model: 'm' }

function chunk(text: string, finishReason: string | null = null): Completion {
  const choice = { index: 0, text, finish_reason: finishReason, logprobs: null }
  return { ...base, choices: [choice as CompletionChoice] }
}

function usageChunk(promptTokens: number, completionTokens: number): Completion {
  return {
    ...base,
    choices: [],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  }
}

const read = (chunks: Completion[]) =>
  Array.fromAsync(readStream(new CompletionStreamReader(), from(chunks)))

async function readUntilError(chunks: Completion[]) {
  const events: ReadEvent[] = []
  try {
    for await (const event of readStream(new CompletionStreamReader(), from(chunks)))
      events.push(event)
  } catch (error) {
    if (!(error instanceof OllamaError)) throw error
    return { events, error: { status: error.status, message: error.message } }
  }
  throw new Error('expected the stream to fail')
}

const delta = (content: string): ReadEvent => ({ type: 'delta', content, thinking: '' })

describe('CompletionStreamReader', () => {
  test('yields text deltas, then the end', async () => {
    expect(await read([chunk('def'), chunk(' add'), chunk('', 'stop')])).toEqual([
      delta('def'),
      delta(' add'),
      { type: 'end', finishReason: 'stop', toolCalls: [] },
    ])
  })

  test('takes text that arrives with the finish_reason, and maps length', async () => {
    expect(await read([chunk('abc', 'length')])).toEqual([
      delta('abc'),
      { type: 'end', finishReason: 'length', toolCalls: [] },
    ])
  })

  test('takes usage from a trailing chunk with empty choices', async () => {
    expect(await read([chunk('x'), chunk('', 'stop'), usageChunk(4, 1)])).toEqual([
      delta('x'),
      {
        type: 'end',
        finishReason: 'stop',
        toolCalls: [],
        usage: { promptTokens: 4, completionTokens: 1 },
      },
    ])
  })

  test('takes usage sent on the finish chunk', async () => {
    expect(
      await read([
        {
          ...chunk('', 'stop'),
          usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 },
        },
      ]),
    ).toEqual([
      {
        type: 'end',
        finishReason: 'stop',
        toolCalls: [],
        usage: { promptTokens: 2, completionTokens: 3 },
      },
    ])
  })

  test('skips chunks without choices', async () => {
    const noChoices = { ...base } as unknown as Completion
    expect(await read([noChoices, chunk('a', 'stop')])).toEqual([
      delta('a'),
      { type: 'end', finishReason: 'stop', toolCalls: [] },
    ])
  })

  test('fails with a 502 when the stream ends without a finish_reason', async () => {
    expect(await readUntilError([chunk('par'), usageChunk(1, 1)])).toEqual({
      events: [delta('par')],
      error: { status: 502, message: 'the upstream stream ended before the answer was complete' },
    })
  })

  test('fails with a 502 for finish_reason "error"', async () => {
    expect(await readUntilError([chunk('par'), chunk('', 'error')])).toEqual({
      events: [delta('par')],
      error: { status: 502, message: 'the upstream failed while generating' },
    })
  })
})
