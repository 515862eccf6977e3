import { describe, expect, test } from 'bun:test'
import { APIError } from 'openai/core/error'
import { sseEvents } from '../../test/support/sse-events.ts'
import type { GenerationDelta, ToolCallEvent } from '../core/generation-event.ts'
import { OllamaError } from '../errors/ollama-error.ts'
import { toOllamaError } from '../errors/to-ollama-error.ts'
import { createStreamResponder } from '../http/stream-response.ts'
import { ResponsesStreamEncoder } from './responses-stream-encoder.ts'
import { toResponseEnvelope } from './to-responses-object.ts'
import { ToolNames } from './tool-names.ts'

const envelope = toResponseEnvelope({ model: 'qwen3', input: 'Hi' }, 'resp_r1', 1767225600)

/** An encoder whose ids are the prefix it asks for and the next of `suffixes`. */
function encoderWith(suffixes: string[], names = new ToolNames()) {
  return new ResponsesStreamEncoder({
    envelope,
    names,
    newId: (prefix) => `${prefix}${suffixes.shift()}`,
    now: () => 1767225603,
  })
}

const text = (content: string): GenerationDelta => ({ content, thinking: '' })
const thinking = (thought: string): GenerationDelta => ({ content: '', thinking: thought })
const calls = (...toolCalls: ToolCallEvent[]): GenerationDelta => ({
  content: '',
  thinking: '',
  toolCalls,
})

const opening = [
  { type: 'response.created', sequence_number: 0, response: envelope },
  { type: 'response.in_progress', sequence_number: 1, response: envelope },
]

const messageItem = (id: string, text: string, status = 'completed') => ({
  id,
  type: 'message',
  status,
  role: 'assistant',
  content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
})

/** The events of a message item at `index`, from `sequence` on, its text in `deltas`. */
function messageEvents(id: string, index: number, sequence: number, deltas: string[]) {
  const at = { item_id: id, output_index: index, content_index: 0 }
  const whole = deltas.join('')
  let next = sequence
  return [
    {
      type: 'response.output_item.added',
      sequence_number: next++,
      output_index: index,
      item: { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
    },
    {
      type: 'response.content_part.added',
      sequence_number: next++,
      ...at,
      part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
    },
    ...deltas.map((delta) => ({
      type: 'response.output_text.delta',
      sequence_number: next++,
      ...at,
      delta,
      logprobs: [],
    })),
    {
      type: 'response.output_text.done',
      sequence_number: next++,
      ...at,
      text: whole,
      logprobs: [],
    },
    {
      type: 'response.content_part.done',
      sequence_number: next++,
      ...at,
      part: { type: 'output_text', text: whole, annotations: [], logprobs: [] },
    },
    {
      type: 'response.output_item.done',
      sequence_number: next++,
      output_index: index,
      item: messageItem(id, whole),
    },
  ]
}

const usage = (input: number, output: number, reasoning = 0) => ({
  input_tokens: input,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: output,
  output_tokens_details: { reasoning_tokens: reasoning },
  total_tokens: input + output,
})

describe('ResponsesStreamEncoder: the worked examples of the reference (§B.4)', () => {
  test('text', () => {
    const encoder = encoderWith(['a1'])
    const stream =
      encoder.start() +
      encoder.delta(text('Hello')) +
      encoder.delta(text(' there')) +
      encoder.end({
        finishReason: 'stop',
        toolCalls: [],
        usage: { promptTokens: 21, completionTokens: 3 },
      })
    expect(sseEvents(stream)).toEqual([
      ...opening,
      ...messageEvents('msg_a1', 0, 2, ['Hello', ' there']),
      {
        type: 'response.completed',
        sequence_number: 9,
        response: {
          ...envelope,
          status: 'completed',
          completed_at: 1767225603,
          output: [messageItem('msg_a1', 'Hello there')],
          usage: usage(21, 3),
        },
      },
    ])
  })

  test('thinking + text', () => {
    const encoder = encoderWith(['b2', 'b3'])
    const stream =
      encoder.start() +
      encoder.delta(thinking('Greeting.')) +
      encoder.delta(thinking(' Answer briefly.')) +
      encoder.delta(text('Hi!')) +
      encoder.end({
        finishReason: 'stop',
        toolCalls: [],
        usage: { promptTokens: 14, completionTokens: 9, reasoningTokens: 6 },
      })
    const at = { item_id: 'rs_b2', output_index: 0, summary_index: 0 }
    const summary = 'Greeting. Answer briefly.'
    const reasoning = {
      id: 'rs_b2',
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: summary }],
      encrypted_content: summary,
    }
    expect(sseEvents(stream)).toEqual([
      ...opening,
      {
        type: 'response.output_item.added',
        sequence_number: 2,
        output_index: 0,
        item: { id: 'rs_b2', type: 'reasoning', summary: [] },
      },
      {
        type: 'response.reasoning_summary_part.added',
        sequence_number: 3,
        ...at,
        part: { type: 'summary_text', text: '' },
      },
      {
        type: 'response.reasoning_summary_text.delta',
        sequence_number: 4,
        ...at,
        delta: 'Greeting.',
      },
      {
        type: 'response.reasoning_summary_text.delta',
        sequence_number: 5,
        ...at,
        delta: ' Answer briefly.',
      },
      { type: 'response.reasoning_summary_text.done', sequence_number: 6, ...at, text: summary },
      {
        type: 'response.reasoning_summary_part.done',
        sequence_number: 7,
        ...at,
        part: { type: 'summary_text', text: summary },
      },
      { type: 'response.output_item.done', sequence_number: 8, output_index: 0, item: reasoning },
      ...messageEvents('msg_b3', 1, 9, ['Hi!']),
      {
        type: 'response.completed',
        sequence_number: 15,
        response: {
          ...envelope,
          status: 'completed',
          completed_at: 1767225603,
          output: [reasoning, messageItem('msg_b3', 'Hi!')],
          usage: usage(14, 9, 6),
        },
      },
    ])
  })

  test('tool call after text: the message is finished before the call is added', () => {
    const encoder = encoderWith(['c1', 'c2'])
    const stream =
      encoder.start() +
      encoder.delta(text('Checking.')) +
      encoder.delta(calls({ type: 'start', index: 0, id: 'call_7Qb2', name: 'get_weather' })) +
      encoder.delta(calls({ type: 'arguments', index: 0, text: '{"city":' })) +
      encoder.delta(calls({ type: 'arguments', index: 0, text: '"Paris"}' })) +
      encoder.end({
        finishReason: 'tool_calls',
        toolCalls: [{ id: 'call_7Qb2', name: 'get_weather', arguments: { city: 'Paris' } }],
        usage: { promptTokens: 90, completionTokens: 17 },
      })
    const at = { item_id: 'fc_c2', output_index: 1 }
    const call = {
      id: 'fc_c2',
      type: 'function_call',
      status: 'completed',
      call_id: 'call_7Qb2',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
    }
    expect(sseEvents(stream)).toEqual([
      ...opening,
      ...messageEvents('msg_c1', 0, 2, ['Checking.']),
      {
        type: 'response.output_item.added',
        sequence_number: 8,
        output_index: 1,
        item: { ...call, status: 'in_progress', arguments: '' },
      },
      {
        type: 'response.function_call_arguments.delta',
        sequence_number: 9,
        ...at,
        delta: '{"city":',
      },
      {
        type: 'response.function_call_arguments.delta',
        sequence_number: 10,
        ...at,
        delta: '"Paris"}',
      },
      {
        type: 'response.function_call_arguments.done',
        sequence_number: 11,
        ...at,
        arguments: '{"city":"Paris"}',
      },
      { type: 'response.output_item.done', sequence_number: 12, output_index: 1, item: call },
      {
        type: 'response.completed',
        sequence_number: 13,
        response: {
          ...envelope,
          status: 'completed',
          completed_at: 1767225603,
          output: [messageItem('msg_c1', 'Checking.'), call],
          usage: usage(90, 17),
        },
      },
    ])
  })
})

describe('ResponsesStreamEncoder: ends', () => {
  test('the token limit: response.incomplete, the cut item incomplete, no completed_at', () => {
    const encoder = encoderWith(['d1'])
    const events = sseEvents(
      encoder.delta(text('Once upon')) +
        encoder.end({
          finishReason: 'length',
          toolCalls: [],
          usage: { promptTokens: 5, completionTokens: 2 },
        }),
    )
    expect(events.at(-2)).toEqual({
      type: 'response.output_item.done',
      sequence_number: 7,
      output_index: 0,
      item: messageItem('msg_d1', 'Once upon', 'incomplete'),
    })
    expect(events.at(-1)).toEqual({
      type: 'response.incomplete',
      sequence_number: 8,
      response: {
        ...envelope,
        status: 'incomplete',
        incomplete_details: { reason: 'max_output_tokens' },
        output: [messageItem('msg_d1', 'Once upon', 'incomplete')],
        usage: usage(5, 2),
      },
    })
  })

  test('a content filter: response.incomplete with that reason', () => {
    const encoder = encoderWith([])
    const events = sseEvents(encoder.end({ finishReason: 'content_filter', toolCalls: [] }))
    expect(events).toEqual([
      ...opening,
      {
        type: 'response.incomplete',
        sequence_number: 2,
        response: {
          ...envelope,
          status: 'incomplete',
          incomplete_details: { reason: 'content_filter' },
          output: [],
          usage: null,
        },
      },
    ])
  })

  test('a failure: response.failed with the finished items only, the error inside the response', () => {
    const encoder = encoderWith(['e1', 'e2'])
    const stream =
      encoder.delta(thinking('Hmm.')) +
      encoder.delta(text('Half an ans')) +
      encoder.failure(
        new OllamaError(502, 'the upstream stream ended before the answer was complete'),
      )
    const events = sseEvents(stream)
    const failed = events.at(-1)
    expect(failed).toEqual({
      type: 'response.failed',
      sequence_number: 11,
      response: {
        ...envelope,
        status: 'failed',
        output: [
          {
            id: 'rs_e1',
            type: 'reasoning',
            summary: [{ type: 'summary_text', text: 'Hmm.' }],
            encrypted_content: 'Hmm.',
          },
        ],
        error: {
          code: 'server_error',
          message: 'the upstream stream ended before the answer was complete',
        },
      },
    })
    // openai-node throws on any event whose data has a truthy top-level `error`.
    for (const event of events) expect(event.error).toBeUndefined()
  })

  test("a failure carries the backend's error code, or says rate limit for a 429", () => {
    const fromBackend = toOllamaError(
      new APIError(
        undefined,
        { message: 'too long', code: 'context_length_exceeded' },
        undefined,
        new Headers(),
      ),
    )
    const failedWith = (error: OllamaError) =>
      (
        sseEvents(encoderWith([]).failure(error)).at(-1) as unknown as {
          response: { error: unknown }
        }
      ).response.error
    expect(failedWith(fromBackend)).toEqual({
      code: 'context_length_exceeded',
      message: 'upstream error: too long',
    })
    expect(failedWith(new OllamaError(429, 'slow down'))).toEqual({
      code: 'rate_limit_exceeded',
      message: 'slow down',
    })
  })

  test('a failure before any output still opens the stream first', () => {
    const events = sseEvents(encoderWith([]).failure(new OllamaError(504, 'timeout')))
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.failed',
    ])
  })
})

describe('ResponsesStreamEncoder: tools', () => {
  test('parallel calls come as consecutive function_call items, each closed before the next', () => {
    const encoder = encoderWith(['f1', 'f2'])
    const stream =
      encoder.delta(
        calls(
          { type: 'start', index: 0, id: 'call_a', name: 'shell' },
          { type: 'arguments', index: 0, text: '{"cmd":"ls"}' },
          { type: 'start', index: 1, id: 'call_b', name: 'shell' },
          { type: 'arguments', index: 1, text: '{"cmd":"pwd"}' },
        ),
      ) + encoder.end({ finishReason: 'tool_calls', toolCalls: [] })
    expect(
      sseEvents(stream)
        .slice(2)
        .map((event) => [
          event.type,
          event.output_index,
          event.item_id ?? (event.item as { id: string })?.id,
        ]),
    ).toEqual([
      ['response.output_item.added', 0, 'fc_f1'],
      ['response.function_call_arguments.delta', 0, 'fc_f1'],
      ['response.function_call_arguments.done', 0, 'fc_f1'],
      ['response.output_item.done', 0, 'fc_f1'],
      ['response.output_item.added', 1, 'fc_f2'],
      ['response.function_call_arguments.delta', 1, 'fc_f2'],
      ['response.function_call_arguments.done', 1, 'fc_f2'],
      ['response.output_item.done', 1, 'fc_f2'],
      ['response.completed', undefined, undefined],
    ])
  })

  test('a custom tool call: its input taken out of the arguments, sent when whole', () => {
    const names = new ToolNames()
    names.add({ type: 'custom', name: 'apply_patch' })
    const encoder = encoderWith(['g1'], names)
    const stream =
      encoder.delta(
        calls(
          { type: 'start', index: 0, id: 'call_p', name: 'apply_patch' },
          { type: 'arguments', index: 0, text: '{"input":"*** Begin' },
        ),
      ) +
      encoder.delta(calls({ type: 'arguments', index: 0, text: ' Patch\\n"}' })) +
      encoder.end({ finishReason: 'tool_calls', toolCalls: [] })
    const item = {
      id: 'ctc_g1',
      type: 'custom_tool_call',
      call_id: 'call_p',
      name: 'apply_patch',
      input: '*** Begin Patch\n',
    }
    expect(sseEvents(stream).slice(2, -1)).toEqual([
      {
        type: 'response.output_item.added',
        sequence_number: 2,
        output_index: 0,
        item: { ...item, input: '' },
      },
      {
        type: 'response.custom_tool_call_input.done',
        sequence_number: 3,
        item_id: 'ctc_g1',
        output_index: 0,
        input: '*** Begin Patch\n',
      },
      { type: 'response.output_item.done', sequence_number: 4, output_index: 0, item },
    ])
  })

  test('text after a call closes the call (the reader holds text back while a call is under way)', () => {
    const encoder = encoderWith(['q1', 'q2', 'q3'])
    const stream =
      encoder.delta(calls({ type: 'start', index: 0, id: 'call_q', name: 'shell' })) +
      encoder.delta(calls({ type: 'arguments', index: 0, text: '{"cmd":' })) +
      encoder.delta(calls({ type: 'arguments', index: 0, text: '"ls"}' })) +
      encoder.delta({ content: '\n', thinking: 'hm' }) +
      encoder.end({ finishReason: 'length', toolCalls: [] })
    const events = sseEvents(stream)
    expect(
      events
        .filter((event) => event.type === 'response.output_item.done')
        .map((event) => event.item),
    ).toEqual([
      {
        id: 'fc_q1',
        type: 'function_call',
        status: 'completed',
        call_id: 'call_q',
        name: 'shell',
        arguments: '{"cmd":"ls"}',
      },
      {
        id: 'rs_q2',
        type: 'reasoning',
        summary: [{ type: 'summary_text', text: 'hm' }],
        encrypted_content: 'hm',
      },
      messageItem('msg_q3', '\n', 'incomplete'),
    ])
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index))
  })

  test('a namespaced function: its name split back into name and namespace', () => {
    const names = new ToolNames()
    names.add({ type: 'function', name: 'lookup', namespace: 'crm' })
    const encoder = encoderWith(['h1'], names)
    const events = sseEvents(
      encoder.delta(calls({ type: 'start', index: 0, id: 'call_n', name: 'crm__lookup' })) +
        encoder.end({ finishReason: 'tool_calls', toolCalls: [] }),
    )
    expect(events[2]?.item).toEqual({
      id: 'fc_h1',
      type: 'function_call',
      status: 'in_progress',
      call_id: 'call_n',
      name: 'lookup',
      namespace: 'crm',
      arguments: '',
    })
  })
})

describe('ResponsesStreamEncoder: order and keep-alive', () => {
  test('text, then thinking, then text again: three items, in order', () => {
    const encoder = encoderWith(['i1', 'i2', 'i3'])
    const events = sseEvents(
      encoder.delta(text('A')) +
        encoder.delta({ content: 'B', thinking: 'x' }) +
        encoder.end({ finishReason: 'stop', toolCalls: [] }),
    )
    const final = events.at(-1)?.response as { output: { id: string }[] }
    // Within one delta, reasoning comes before text.
    expect(final.output.map((item) => item.id)).toEqual(['msg_i1', 'rs_i2', 'msg_i3'])
  })

  test('the opening events go out once', () => {
    const encoder = encoderWith(['j1'])
    expect(sseEvents(encoder.start()).map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
    ])
    expect(encoder.start()).toBe('')
    expect(sseEvents(encoder.delta(text('x')))[0]).toMatchObject({ sequence_number: 2 })
  })

  test('keep-alives: the opening, then response.in_progress until the first item, then a comment', () => {
    const encoder = encoderWith(['k1'])
    expect(sseEvents(encoder.keepAlive())).toEqual(opening)
    expect(sseEvents(encoder.keepAlive())).toEqual([
      { type: 'response.in_progress', sequence_number: 2, response: envelope },
    ])
    expect(sseEvents(encoder.delta(text('x')))[0]).toMatchObject({ sequence_number: 3 })
    expect(encoder.keepAlive()).toBe(': keep-alive\n\n')
    expect(sseEvents(encoder.end({ finishReason: 'stop', toolCalls: [] })).at(-1)).toMatchObject({
      type: 'response.completed',
      sequence_number: 9,
    })
  })

  test('deltas with nothing to say write nothing', () => {
    const encoder = encoderWith([])
    encoder.start()
    expect(encoder.delta({ content: '', thinking: '', logprobs: [] })).toBe('')
  })
})

describe('ResponsesStreamEncoder: framing, with the stream responder', () => {
  /** Reads `body` until `until` holds for all text read so far; returns that text. */
  async function readUntil(
    reader: { read(): Promise<{ done: boolean; value?: Uint8Array }> },
    read: { text: string },
    until: (text: string) => boolean,
  ) {
    const decoder = new TextDecoder()
    while (!until(read.text)) {
      const chunk = await reader.read()
      if (chunk.done) break
      read.text += decoder.decode(chunk.value, { stream: true })
    }
  }

  test('keep-alives while the backend is silent: response.in_progress before the first item, a comment after', async () => {
    const encoder = encoderWith(['m1'])
    const framing = encoder.framing()
    expect(framing.contentType).toBe('text/event-stream')
    const gates = [Promise.withResolvers<void>(), Promise.withResolvers<void>()]
    async function* source() {
      yield encoder.start()
      await gates[0]?.promise
      yield encoder.delta(text('Hi'))
      await gates[1]?.promise
      yield encoder.end({ finishReason: 'stop', toolCalls: [] })
    }
    const response = createStreamResponder({ keepAliveMs: 1 })(source(), framing)
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const read = { text: '' }
    const count = (needle: string) => read.text.split(needle).length - 1
    await readUntil(reader, read, () => count('event: response.in_progress') >= 2)
    gates[0]?.resolve()
    await readUntil(reader, read, (text) => text.includes(': keep-alive'))
    gates[1]?.resolve()
    await readUntil(reader, read, (text) => text.includes('response.completed'))
    const events = sseEvents(read.text)
    const firstItem = events.findIndex((event) => event.type === 'response.output_item.added')
    const fillers = events.slice(2, firstItem)
    expect(fillers.length).toBeGreaterThan(0)
    for (const filler of fillers) expect(filler.type).toBe('response.in_progress')
    expect(events.slice(firstItem).some((event) => event.type === 'response.in_progress')).toBe(
      false,
    )
    expect(events.some((event) => event.comment === 'keep-alive')).toBe(true)
    const numbered = events.filter((event) => event.type !== 'comment')
    expect(numbered.map((event) => event.sequence_number)).toEqual(
      numbered.map((_, index) => index),
    )
  })

  test('a failure of the source ends the stream with response.failed', async () => {
    const encoder = encoderWith(['n1'])
    async function* source() {
      yield encoder.start()
      yield encoder.delta(text('Hal'))
      throw new OllamaError(502, 'the upstream failed while generating')
    }
    const response = createStreamResponder({ keepAliveMs: 60_000 })(source(), encoder.framing())
    const events = sseEvents(await response.text())
    expect(events.at(-1)).toMatchObject({
      type: 'response.failed',
      sequence_number: 5,
      response: {
        status: 'failed',
        error: { code: 'server_error', message: 'the upstream failed while generating' },
      },
    })
  })
})
