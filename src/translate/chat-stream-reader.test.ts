import { describe, expect, test } from 'bun:test'
import type {
  ChatCompletionChunk,
  ChatCompletionTokenLogprob,
} from 'openai/resources/chat/completions'
import { type ReadEvent, readStream } from '../../test/support/read-stream.ts'
import type { ToolCallEvent } from '../core/generation-event.ts'
import { OllamaError } from '../errors/ollama-error.ts'
import { ChatStreamReader } from './chat-stream-reader.ts'

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item
}

type Delta = ChatCompletionChunk.Choice.Delta & {
  reasoning_content?: string | null
  reasoning?: string | null
}
type FinishReason = ChatCompletionChunk.Choice['finish_reason'] | 'error'

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk' as const, created: 1, model: 'm' }

function chunk(
  delta: Delta,
  finishReason: FinishReason = null,
  extra: Partial<ChatCompletionChunk.Choice> = {},
): ChatCompletionChunk {
  return {
    ...base,
    choices: [
      {
        index: 0,
        delta,
        finish_reason: finishReason as ChatCompletionChunk.Choice['finish_reason'],
        ...extra,
      },
    ],
  }
}

const finish = (reason: FinishReason) => chunk({}, reason)

function usageChunk(promptTokens: number, completionTokens: number): ChatCompletionChunk {
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

const read = (chunks: ChatCompletionChunk[], keepThinking = true) =>
  Array.fromAsync(readStream(new ChatStreamReader({ keepThinking }), from(chunks)))

/** The events read before the stream failed, and the failure. */
async function readUntilError(chunks: ChatCompletionChunk[]) {
  const events: ReadEvent[] = []
  try {
    for await (const event of readStream(
      new ChatStreamReader({ keepThinking: true }),
      from(chunks),
    )) {
      events.push(event)
    }
  } catch (error) {
    if (!(error instanceof OllamaError)) throw error
    return { events, error: { status: error.status, message: error.message } }
  }
  throw new Error('expected the stream to fail')
}

const delta = (content: string, thinking = ''): ReadEvent => ({
  type: 'delta',
  content,
  thinking,
})
const stopEnd: ReadEvent = { type: 'end', finishReason: 'stop', toolCalls: [] }

describe('ChatStreamReader: text', () => {
  test('yields content deltas, then the end', async () => {
    expect(
      await read([
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: 'Hel' }),
        chunk({ content: 'lo' }),
        finish('stop'),
      ]),
    ).toEqual([delta('Hel'), delta('lo'), stopEnd])
  })

  test('yields nothing for role-only, empty and null-content deltas', async () => {
    expect(
      await read([
        chunk({ role: 'assistant' }),
        chunk({ content: '' }),
        chunk({ content: null }),
        chunk({ refusal: null }),
        finish('stop'),
      ]),
    ).toEqual([stopEnd])
  })

  test('takes content that arrives with the finish_reason', async () => {
    expect(await read([chunk({ content: 'Done.' }, 'stop')])).toEqual([delta('Done.'), stopEnd])
  })

  test.each([
    ['length', 'length'],
    ['tool_calls', 'tool_calls'],
    ['content_filter', 'content_filter'],
    ['function_call', 'tool_calls'],
    ['something_new', 'stop'],
  ] as const)('maps finish_reason %p to %p', async (reason, finishReason) => {
    expect(await read([finish(reason as never)])).toEqual([
      { type: 'end', finishReason, toolCalls: [] },
    ])
  })

  test("reports vLLM's matched stop string as the stop sequence", async () => {
    expect(await read([chunk({}, 'stop', { stop_reason: '###' } as never)])).toEqual([
      { ...stopEnd, stopSequence: '###' },
    ])
    expect(await read([chunk({}, 'stop', { stop_reason: 151645 } as never)])).toEqual([stopEnd])
  })

  test('keeps the last finish_reason when several arrive', async () => {
    expect(await read([finish('length'), finish('stop')])).toEqual([stopEnd])
  })

  test('reads only the first choice', async () => {
    const twoChoices: ChatCompletionChunk = {
      ...base,
      choices: [
        { index: 0, delta: { content: 'first' }, finish_reason: 'stop' },
        { index: 1, delta: { content: 'second' }, finish_reason: 'length' },
      ],
    }
    expect(await read([twoChoices])).toEqual([delta('first'), stopEnd])
  })

  test('skips chunks without choices and choices without delta', async () => {
    const noChoices = { ...base } as unknown as ChatCompletionChunk
    const noDelta = {
      ...base,
      choices: [{ index: 0, finish_reason: null }],
    } as unknown as ChatCompletionChunk
    expect(
      await read([noChoices, noDelta, { ...base, choices: [] }, chunk({ content: 'x' }, 'stop')]),
    ).toEqual([delta('x'), stopEnd])
  })
})

describe('ChatStreamReader: reasoning', () => {
  test('yields reasoning_content as thinking', async () => {
    expect(
      await read([
        chunk({ reasoning_content: 'Think' }),
        chunk({ reasoning_content: 'ing.' }),
        chunk({ content: 'Answer' }),
        finish('stop'),
      ]),
    ).toEqual([delta('', 'Think'), delta('', 'ing.'), delta('Answer'), stopEnd])
  })

  test('yields reasoning as thinking', async () => {
    expect(await read([chunk({ reasoning: 'Hmm' }), finish('stop')])).toEqual([
      delta('', 'Hmm'),
      stopEnd,
    ])
  })

  test('does not double reasoning given as both reasoning_content and reasoning', async () => {
    expect(
      await read([
        chunk({ reasoning_content: 'Let me ', reasoning: 'Let me ' }),
        chunk({ reasoning_content: 'think.', reasoning: 'think.' }),
        chunk({ content: 'Hi', reasoning_content: null, reasoning: null }),
        finish('stop'),
      ]),
    ).toEqual([delta('', 'Let me '), delta('', 'think.'), delta('Hi'), stopEnd])
  })

  test('keeps reading the reasoning field it started with when a backend later sends both', async () => {
    expect(
      await read([
        chunk({ reasoning: 'A' }),
        chunk({ reasoning: 'B', reasoning_content: 'other' }),
        chunk({ reasoning_content: 'ignored' }),
        finish('stop'),
      ]),
    ).toEqual([delta('', 'A'), delta('', 'B'), stopEnd])
  })

  test('yields thinking and content of the same chunk together', async () => {
    expect(await read([chunk({ reasoning: 'why', content: 'what' }, 'stop')])).toEqual([
      delta('what', 'why'),
      stopEnd,
    ])
  })

  test('drops reasoning for think:false, and yields nothing for reasoning-only chunks', async () => {
    expect(
      await read(
        [
          chunk({ reasoning_content: 'secret' }),
          chunk({ reasoning: 'secret', content: 'Visible' }),
          finish('stop'),
        ],
        false,
      ),
    ).toEqual([delta('Visible'), stopEnd])
  })
})

describe('ChatStreamReader: tool calls', () => {
  test('streams a call: its start once the name is known, then each argument fragment', async () => {
    expect(
      await read([
        chunk({
          role: 'assistant',
          tool_calls: [
            {
              index: 0,
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '' },
            },
          ],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '"Tokyo"}' } }] }),
        finish('tool_calls'),
      ]),
    ).toEqual([
      {
        type: 'delta',
        content: '',
        thinking: '',
        toolCalls: [{ type: 'start', index: 0, id: 'call_1', name: 'get_weather' }],
      },
      {
        type: 'delta',
        content: '',
        thinking: '',
        toolCalls: [{ type: 'arguments', index: 0, text: '{"city":' }],
      },
      {
        type: 'delta',
        content: '',
        thinking: '',
        toolCalls: [{ type: 'arguments', index: 0, text: '"Tokyo"}' }],
      },
      {
        type: 'end',
        finishReason: 'tool_calls',
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Tokyo' } }],
      },
    ])
  })

  test('holds text and reasoning that come while a call is under way until the call is whole', async () => {
    const call = (text: string) => ({ type: 'arguments' as const, index: 0, text })
    const calls = (...toolCalls: ToolCallEvent[]): ReadEvent => ({
      type: 'delta',
      content: '',
      thinking: '',
      toolCalls,
    })
    expect(
      await read([
        chunk({
          tool_calls: [
            { index: 0, id: 'call_q', function: { name: 'shell', arguments: '{"cmd":' } },
          ],
        }),
        chunk({ content: 'a', reasoning_content: 'hm' }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '"ls"}' } }] }),
        chunk({ content: 'b' }),
        chunk({
          tool_calls: [{ index: 1, id: 'call_r', function: { name: 'shell', arguments: '' } }],
        }),
        chunk({ content: 'c' }),
        finish('tool_calls'),
      ]),
    ).toEqual([
      calls({ type: 'start', index: 0, id: 'call_q', name: 'shell' }, call('{"cmd":')),
      calls(call('"ls"}')),
      delta('ab', 'hm'),
      calls({ type: 'start', index: 1, id: 'call_r', name: 'shell' }),
      delta('c'),
      {
        type: 'end',
        finishReason: 'tool_calls',
        toolCalls: [
          { id: 'call_q', name: 'shell', arguments: { cmd: 'ls' } },
          { id: 'call_r', name: 'shell', arguments: {} },
        ],
      },
    ])
  })

  test('handles providers that repeat id and name and omit index', async () => {
    const call = (args: string) =>
      ({ id: 'c9', type: 'function', function: { name: 'f', arguments: args } }) as never
    const events = await read([
      chunk({ tool_calls: [call('{"a"')] }),
      chunk({ tool_calls: [call(':1}')] }),
      finish('tool_calls'),
    ])
    expect(events.at(-1)).toEqual({
      type: 'end',
      finishReason: 'tool_calls',
      toolCalls: [{ id: 'c9', name: 'f', arguments: { a: 1 } }],
    })
  })

  test('turns empty arguments into {}', async () => {
    const events = await read([
      chunk(
        { tool_calls: [{ index: 0, id: 'c', function: { name: 'now', arguments: '' } }] },
        'tool_calls',
      ),
    ])
    expect(events.at(-1)).toEqual({
      type: 'end',
      finishReason: 'tool_calls',
      toolCalls: [{ id: 'c', name: 'now', arguments: {} }],
    })
  })

  test('ends for the tool calls even when the backend says stop', async () => {
    const events = await read([
      chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'now', arguments: '{}' } }] }),
      finish('stop'),
    ])
    expect(events.at(-1)).toMatchObject({ type: 'end', finishReason: 'tool_calls' })
  })

  test('fails with a 502 for invalid JSON arguments, after the output it read', async () => {
    expect(
      await readUntilError([
        chunk({ content: 'Calling.' }),
        chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{"a":' } }] }),
        finish('tool_calls'),
      ]),
    ).toEqual({
      events: [
        delta('Calling.'),
        {
          type: 'delta',
          content: '',
          thinking: '',
          toolCalls: [
            { type: 'start', index: 0, id: 'c', name: 'f' },
            { type: 'arguments', index: 0, text: '{"a":' },
          ],
        },
      ],
      error: {
        status: 502,
        message: 'the upstream returned invalid arguments for tool call "f": {"a":',
      },
    })
  })
})

describe('ChatStreamReader: usage', () => {
  test('takes usage from a chunk with empty choices after the finish chunk', async () => {
    expect(await read([chunk({ content: 'Hi' }), finish('stop'), usageChunk(10, 2)])).toEqual([
      delta('Hi'),
      { ...stopEnd, usage: { promptTokens: 10, completionTokens: 2 } },
    ])
  })

  test('takes usage sent with the finish chunk', async () => {
    expect(
      await read([
        {
          ...finish('length'),
          usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
        },
      ]),
    ).toEqual([
      {
        type: 'end',
        finishReason: 'length',
        toolCalls: [],
        usage: { promptTokens: 5, completionTokens: 7 },
      },
    ])
  })

  test('takes the cached and reasoning token counts when the backend reports them', async () => {
    const usage = {
      prompt_tokens: 50,
      completion_tokens: 9,
      total_tokens: 59,
      prompt_tokens_details: { cached_tokens: 32 },
      completion_tokens_details: { reasoning_tokens: 6 },
    }
    expect(await read([{ ...finish('stop'), usage }])).toEqual([
      {
        ...stopEnd,
        usage: { promptTokens: 50, completionTokens: 9, cachedTokens: 32, reasoningTokens: 6 },
      },
    ])
  })

  test('ignores null usage on ordinary chunks and keeps the last usage', async () => {
    expect(
      await read([
        { ...chunk({ content: 'a' }), usage: null },
        usageChunk(1, 1),
        { ...finish('stop'), usage: null },
        usageChunk(9, 3),
      ]),
    ).toEqual([delta('a'), { ...stopEnd, usage: { promptTokens: 9, completionTokens: 3 } }])
  })
})

describe('ChatStreamReader: log probabilities', () => {
  const logprob = (token: string, value: number): ChatCompletionTokenLogprob => ({
    token,
    logprob: value,
    bytes: [...token].map((char) => char.charCodeAt(0)),
    top_logprobs: [{ token, logprob: value, bytes: null }],
  })

  test("yields the log probabilities of a chunk in Ollama's shape", async () => {
    expect(
      await read([
        chunk({ content: 'Hi' }, null, {
          logprobs: { content: [logprob('Hi', -0.1)], refusal: null },
        }),
        finish('stop'),
      ]),
    ).toEqual([
      {
        type: 'delta',
        content: 'Hi',
        thinking: '',
        logprobs: [
          {
            token: 'Hi',
            logprob: -0.1,
            bytes: [72, 105],
            top_logprobs: [{ token: 'Hi', logprob: -0.1 }],
          },
        ],
      },
      stopEnd,
    ])
  })

  test('yields a delta for log probabilities even without text', async () => {
    expect(
      await read([
        chunk({ content: '' }, null, { logprobs: { content: [logprob('', -1)], refusal: null } }),
        finish('stop'),
      ]),
    ).toEqual([
      {
        type: 'delta',
        content: '',
        thinking: '',
        logprobs: [
          { token: '', logprob: -1, bytes: [], top_logprobs: [{ token: '', logprob: -1 }] },
        ],
      },
      stopEnd,
    ])
  })

  test('adds no logprobs key for empty or null log probabilities', async () => {
    const events = await read([
      chunk({ content: 'a' }, null, { logprobs: { content: [], refusal: null } }),
      chunk({ content: 'b' }, null, { logprobs: { content: null, refusal: null } }),
      chunk({ content: 'c' }, null, { logprobs: null }),
      finish('stop'),
    ])
    expect(events).toEqual([delta('a'), delta('b'), delta('c'), stopEnd])
    expect(events.some((event) => 'logprobs' in event)).toBe(false)
  })
})

describe('ChatStreamReader: failures', () => {
  test('fails with a 502 when the stream ends without a finish_reason, after what it read', async () => {
    expect(await readUntilError([chunk({ content: 'Partial' }), usageChunk(1, 1)])).toEqual({
      events: [delta('Partial')],
      error: { status: 502, message: 'the upstream stream ended before the answer was complete' },
    })
  })

  test('fails with a 502 for an empty stream', async () => {
    expect(await readUntilError([])).toEqual({
      events: [],
      error: { status: 502, message: 'the upstream stream ended before the answer was complete' },
    })
  })

  test('fails with a 502 for finish_reason "error"', async () => {
    expect(await readUntilError([chunk({ content: 'Par' }), finish('error')])).toEqual({
      events: [delta('Par')],
      error: { status: 502, message: 'the upstream failed while generating' },
    })
  })

  test('passes on an error the upstream stream throws, after what it read', async () => {
    const failure = new Error('socket hang up')
    async function* failing(): AsyncGenerator<ChatCompletionChunk> {
      yield chunk({ content: 'a' })
      throw failure
    }
    const events: ReadEvent[] = []
    let caught: unknown
    try {
      for await (const event of readStream(
        new ChatStreamReader({ keepThinking: true }),
        failing(),
      )) {
        events.push(event)
      }
    } catch (error) {
      caught = error
    }
    expect(caught).toBe(failure)
    expect(events).toEqual([delta('a')])
  })
})

describe('ChatStreamReader: inline <think> blocks', () => {
  test('split a leading <think> block out of the content into thinking', async () => {
    expect(
      await read([
        chunk({ content: '<think>Two plus' }),
        chunk({ content: ' two.</think>\n\n4' }),
        finish('stop'),
      ]),
    ).toEqual([delta('', 'Two plus'), delta('4', ' two.'), stopEnd])
  })

  test('drop the block with think:false, keeping the answer clean', async () => {
    expect(await read([chunk({ content: '<think>x</think>4' }), finish('stop')], false)).toEqual([
      delta('4'),
      stopEnd,
    ])
  })
})
