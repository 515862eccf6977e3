import { describe, expect, test } from 'bun:test'
import type { ChatResponse, GenerateResponse } from '../ollama/schemas.ts'
import type { GenerationEnd, GenerationEvent, StreamReader } from '../translate/generation-event.ts'
import type { OllamaChunkFormatter } from '../translate/ollama-chunk-part.ts'
import { toOllamaChatChunk } from '../translate/to-ollama-chat-chunk.ts'
import { toOllamaGenerateChunk } from '../translate/to-ollama-generate-chunk.ts'
import { markLastBatch } from '../upstream/last-batch.ts'
import {
  collectOllamaAnswer as collectFromBatches,
  type GenerationClock,
  streamOllamaLines,
} from './generation-replies.ts'

/** Events as upstream batches of one event each, read by a reader that passes them through. */
function asGeneration(events: AsyncIterable<GenerationEvent>) {
  let end: GenerationEnd | undefined
  const reader: StreamReader<GenerationEvent> = {
    read: (event) => {
      if (event.type === 'delta') return event
      end = event
      return undefined
    },
    finish: () => {
      if (end === undefined) throw new Error('the events have no end')
      return end
    },
  }
  async function* batches() {
    for await (const event of events) yield [event]
  }
  return { batches: batches(), reader }
}

/** The NDJSON lines for `events`, parsed back into chunks. */
async function* streamOllamaChunks<T>(
  events: AsyncIterable<GenerationEvent>,
  format: OllamaChunkFormatter<T>,
  clock: GenerationClock,
): AsyncGenerator<T> {
  const { batches, reader } = asGeneration(events)
  for await (const text of streamOllamaLines(batches, reader, format, clock)) {
    expect(text.endsWith('\n')).toBe(true)
    for (const line of text.split('\n').filter(Boolean)) yield JSON.parse(line) as T
  }
}

function collectOllamaAnswer<T>(
  events: AsyncIterable<GenerationEvent>,
  format: OllamaChunkFormatter<T>,
  clock: GenerationClock,
): Promise<T> {
  const { batches, reader } = asGeneration(events)
  return collectFromBatches(batches, reader, format, clock)
}

const at = '2025-07-07T20:22:19.100Z'
const chat: OllamaChunkFormatter<ChatResponse> = (part, done) =>
  toOllamaChatChunk('qwen3', at, part, done)
const generate: OllamaChunkFormatter<GenerateResponse> = (part, done) =>
  toOllamaGenerateChunk('qwen3', at, part, done)

/**
 * A fake monotonic clock (ns) and a source of events, each read at a given time: the clock shows
 * that time while the consumer handles the event.
 */
function timeline(events: [at: number, event: GenerationEvent][]) {
  const clock: GenerationClock & { time: number } = {
    receivedAt: 100,
    upstreamStartedAt: 300,
    time: 300,
    now: () => clock.time,
  }
  async function* source(): AsyncGenerator<GenerationEvent> {
    for (const [time, event] of events) {
      clock.time = time
      yield event
    }
  }
  return { clock, events: source() }
}

const delta = (content: string, thinking = ''): GenerationEvent => ({
  type: 'delta',
  content,
  thinking,
})
const toolCall = {
  id: 'call_1',
  function: { index: 0, name: 'get_weather', arguments: { city: 'Tokyo' } },
}
const end = (fields: Partial<Extract<GenerationEvent, { type: 'end' }>> = {}): GenerationEvent => ({
  type: 'end',
  doneReason: 'stop',
  toolCalls: [],
  ...fields,
})
const message = (
  content: string,
  extra: Partial<ChatResponse['message']> = {},
): ChatResponse['message'] => ({ role: 'assistant', content, ...extra })

describe('streamOllamaChunks', () => {
  test('yields one chunk per delta, then the done chunk with metrics from the clock', async () => {
    const { clock, events } = timeline([
      [1_000, delta('', 'Hmm.')],
      [2_000, delta('Hello')],
      [5_000, end({ usage: { promptTokens: 12, completionTokens: 3 } })],
    ])
    expect(await Array.fromAsync(streamOllamaChunks(events, chat, clock))).toEqual([
      { model: 'qwen3', created_at: at, message: message('', { thinking: 'Hmm.' }), done: false },
      { model: 'qwen3', created_at: at, message: message('Hello'), done: false },
      {
        model: 'qwen3',
        created_at: at,
        message: message(''),
        done: true,
        done_reason: 'stop',
        total_duration: 4_900,
        load_duration: 200,
        prompt_eval_count: 12,
        prompt_eval_duration: 700,
        eval_count: 3,
        eval_duration: 4_000,
      },
    ])
  })

  test('yields the tool calls in a chunk of their own, before the done chunk', async () => {
    const { clock, events } = timeline([
      [400, delta('Checking.')],
      [900, end({ toolCalls: [toolCall] })],
    ])
    expect(await Array.fromAsync(streamOllamaChunks(events, chat, clock))).toEqual([
      { model: 'qwen3', created_at: at, message: message('Checking.'), done: false },
      {
        model: 'qwen3',
        created_at: at,
        message: message('', { tool_calls: [toolCall] }),
        done: false,
      },
      {
        model: 'qwen3',
        created_at: at,
        message: message(''),
        done: true,
        done_reason: 'stop',
        total_duration: 800,
        load_duration: 200,
        prompt_eval_duration: 100,
        eval_duration: 500,
      },
    ])
  })

  test('times an answer without deltas as all prompt evaluation', async () => {
    const { clock, events } = timeline([[1_300, end({ doneReason: 'length' })]])
    expect(await Array.fromAsync(streamOllamaChunks(events, chat, clock))).toEqual([
      {
        model: 'qwen3',
        created_at: at,
        message: message(''),
        done: true,
        done_reason: 'length',
        total_duration: 1_200,
        load_duration: 200,
        prompt_eval_duration: 1_000,
        eval_duration: 1,
      },
    ])
  })

  test('passes log probabilities through on their chunk', async () => {
    const logprobs = [{ token: 'Hi', logprob: -0.2 }]
    const { clock, events } = timeline([
      [500, { type: 'delta', content: 'Hi', thinking: '', logprobs }],
      [600, end()],
    ])
    const chunks = await Array.fromAsync(streamOllamaChunks(events, chat, clock))
    expect(chunks[0]).toEqual({
      model: 'qwen3',
      created_at: at,
      message: message('Hi'),
      done: false,
      logprobs,
    })
  })

  test('shapes /api/generate chunks with the generate formatter', async () => {
    const { clock, events } = timeline([
      [500, delta('The', 'why')],
      [700, end({ usage: { promptTokens: 1, completionTokens: 1 } })],
    ])
    expect(await Array.fromAsync(streamOllamaChunks(events, generate, clock))).toEqual([
      { model: 'qwen3', created_at: at, response: 'The', thinking: 'why', done: false },
      {
        model: 'qwen3',
        created_at: at,
        response: '',
        done: true,
        done_reason: 'stop',
        total_duration: 600,
        load_duration: 200,
        prompt_eval_count: 1,
        prompt_eval_duration: 200,
        eval_count: 1,
        eval_duration: 200,
      },
    ])
  })

  test('passes on a failure of the events after the chunks already yielded', async () => {
    const failure = new Error('cut short')
    const clock = { receivedAt: 0, upstreamStartedAt: 0, now: () => 1 }
    async function* failing(): AsyncGenerator<GenerationEvent> {
      yield delta('Par')
      throw failure
    }
    const seen: ChatResponse[] = []
    let caught: unknown
    try {
      for await (const chunk of streamOllamaChunks(failing(), chat, clock)) seen.push(chunk)
    } catch (error) {
      caught = error
    }
    expect({ seen, caught }).toEqual({
      seen: [{ model: 'qwen3', created_at: at, message: message('Par'), done: false }],
      caught: failure,
    })
  })
})

describe('streamOllamaLines', () => {
  test('writes the lines of one upstream batch as one piece of text', async () => {
    const clock = { receivedAt: 0, upstreamStartedAt: 0, now: () => 1 }
    const reader: StreamReader<string> = {
      read: (content) => ({ type: 'delta', content, thinking: '' }),
      finish: () => ({ type: 'end', doneReason: 'stop', toolCalls: [] }),
    }
    async function* batches() {
      yield ['a', 'b']
      yield ['c']
    }
    const pieces = await Array.fromAsync(streamOllamaLines(batches(), reader, chat, clock))
    expect(pieces.map((piece) => piece.split('\n').length - 1)).toEqual([2, 1, 1])
  })

  const clock = { receivedAt: 0, upstreamStartedAt: 0, now: () => 1 }
  const contentReader = (finish: StreamReader<string>['finish']): StreamReader<string> => ({
    read: (content) => ({ type: 'delta', content, thinking: '' }),
    finish,
  })
  const stop = () => ({ type: 'end' as const, doneReason: 'stop' as const, toolCalls: [] })

  test('writes the end with the last batch when the upstream ended in the same read', async () => {
    async function* batches() {
      yield ['a', 'b']
      yield markLastBatch(['c'])
    }
    const pieces = await Array.fromAsync(
      streamOllamaLines(batches(), contentReader(stop), chat, clock),
    )
    expect(pieces.map((piece) => piece.split('\n').length - 1)).toEqual([2, 2])
    const last = pieces[1]?.split('\n') ?? []
    expect(JSON.parse(last[0] ?? '')).toMatchObject({ message: { content: 'c' }, done: false })
    expect(JSON.parse(last[1] ?? '')).toMatchObject({ done: true, done_reason: 'stop' })
  })

  test('a last batch whose end fails still writes its lines first, then the failure', async () => {
    const failure = new Error('the stream was cut off')
    const reader = contentReader(() => {
      throw failure
    })
    async function* batches() {
      yield markLastBatch(['a'])
    }
    const pieces: string[] = []
    const caught = await (async () => {
      for await (const piece of streamOllamaLines(batches(), reader, chat, clock))
        pieces.push(piece)
    })().catch((error) => error)
    expect(pieces).toHaveLength(1)
    expect(JSON.parse(pieces[0] ?? '')).toMatchObject({ message: { content: 'a' } })
    expect(caught).toBe(failure)
  })

  test('writes each line with the line formatter it is given', async () => {
    async function* batches() {
      yield markLastBatch(['a'])
    }
    const line = (part: { content: string }) => `<${part.content}>`
    const [piece] = await Array.fromAsync(
      streamOllamaLines(batches(), contentReader(stop), chat, clock, line),
    )
    expect(piece?.split('\n')[0]).toBe('<a>')
  })
})

describe('collectOllamaAnswer', () => {
  test('concatenates content and thinking, joins tool calls and log probabilities, adds metrics', async () => {
    const { clock, events } = timeline([
      [1_000, delta('', 'Let me ')],
      [1_500, delta('', 'think.')],
      [
        2_000,
        { type: 'delta', content: 'Hel', thinking: '', logprobs: [{ token: 'Hel', logprob: -1 }] },
      ],
      [
        2_500,
        { type: 'delta', content: 'lo', thinking: '', logprobs: [{ token: 'lo', logprob: -2 }] },
      ],
      [4_000, end({ toolCalls: [toolCall], usage: { promptTokens: 20, completionTokens: 8 } })],
    ])
    expect(await collectOllamaAnswer(events, chat, clock)).toEqual({
      model: 'qwen3',
      created_at: at,
      message: message('Hello', { thinking: 'Let me think.', tool_calls: [toolCall] }),
      done: true,
      done_reason: 'stop',
      total_duration: 3_900,
      load_duration: 200,
      prompt_eval_count: 20,
      prompt_eval_duration: 700,
      eval_count: 8,
      eval_duration: 3_000,
      logprobs: [
        { token: 'Hel', logprob: -1 },
        { token: 'lo', logprob: -2 },
      ],
    })
  })

  test('answers with empty content, and no thinking, tool calls or log probabilities keys', async () => {
    const { clock, events } = timeline([[500, end({ doneReason: 'length' })]])
    const answer = await collectOllamaAnswer(events, chat, clock)
    expect(answer).toEqual({
      model: 'qwen3',
      created_at: at,
      message: message(''),
      done: true,
      done_reason: 'length',
      total_duration: 400,
      load_duration: 200,
      prompt_eval_duration: 200,
      eval_duration: 1,
    })
    expect(Object.keys(answer.message)).toEqual(['role', 'content'])
    expect('logprobs' in answer).toBe(false)
  })

  test('assembles a /api/generate answer', async () => {
    const { clock, events } = timeline([
      [400, delta('The sky', 'Rayleigh')],
      [600, delta(' is blue.')],
      [800, end()],
    ])
    expect(await collectOllamaAnswer(events, generate, clock)).toEqual({
      model: 'qwen3',
      created_at: at,
      response: 'The sky is blue.',
      thinking: 'Rayleigh',
      done: true,
      done_reason: 'stop',
      total_duration: 700,
      load_duration: 200,
      prompt_eval_duration: 100,
      eval_duration: 400,
    })
  })

  test('passes on a failure of the events', async () => {
    const failure = new Error('boom')
    async function* failing(): AsyncGenerator<GenerationEvent> {
      yield delta('a')
      throw failure
    }
    const clock = { receivedAt: 0, upstreamStartedAt: 0, now: () => 1 }
    await expect(collectOllamaAnswer(failing(), chat, clock)).rejects.toBe(failure)
  })
})
