import { describe, expect, test } from 'bun:test'
import type { ChatCompletionChunk } from 'openai/resources/chat/completions'
import { chatChunk, usageChunk } from '../../test/support/fake-openai.ts'
import { type SseEventData, sseEvents } from '../../test/support/sse-events.ts'
import { OllamaError } from '../errors/ollama-error.ts'
import { ChatStreamReader } from '../translate/chat-stream-reader.ts'
import { AnthropicStreamEncoder } from './anthropic-stream-encoder.ts'

const message = { id: 'msg_0c3f', model: 'qwen3', inputTokens: 18 }

/** What the encoder writes for upstream chunks, read as the pipeline reads them. */
function encode(chunks: readonly object[], options = message): SseEventData[] {
  const reader = new ChatStreamReader({ keepThinking: true })
  const encoder = new AnthropicStreamEncoder(options)
  let stream = ''
  for (const chunk of chunks) {
    const delta = reader.read(chunk as ChatCompletionChunk)
    if (delta) stream += encoder.delta(delta)
  }
  const { last, end } = reader.finish()
  if (last) stream += encoder.delta(last)
  return sseEvents(stream + encoder.end(end))
}

const messageStart = {
  type: 'message_start',
  message: {
    id: 'msg_0c3f',
    type: 'message',
    role: 'assistant',
    model: 'qwen3',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 18, output_tokens: 0 },
  },
}
const blockStart = (index: number, block: object) => ({
  type: 'content_block_start',
  index,
  content_block: block,
})
const blockDelta = (index: number, delta: object) => ({ type: 'content_block_delta', index, delta })
const blockStop = (index: number) => ({ type: 'content_block_stop', index })
const messageDelta = (stopReason: string, usage: object, stopSequence: string | null = null) => ({
  type: 'message_delta',
  delta: { stop_reason: stopReason, stop_sequence: stopSequence },
  usage,
})
const messageStop = { type: 'message_stop' }

describe('AnthropicStreamEncoder: the worked examples of the reference', () => {
  test('text', () => {
    expect(
      encode([
        chatChunk({ role: 'assistant', content: '' }),
        chatChunk({ content: 'Hello' }),
        chatChunk({ content: ' there' }),
        chatChunk({}, 'stop'),
        usageChunk(21, 3),
      ]),
    ).toEqual([
      messageStart,
      blockStart(0, { type: 'text', text: '' }),
      blockDelta(0, { type: 'text_delta', text: 'Hello' }),
      blockDelta(0, { type: 'text_delta', text: ' there' }),
      blockStop(0),
      messageDelta('end_turn', { input_tokens: 21, output_tokens: 3 }),
      messageStop,
    ])
  })

  test('thinking, then text', () => {
    expect(
      encode([
        chatChunk({ role: 'assistant', reasoning_content: 'Greeting.' }),
        chatChunk({ reasoning_content: ' Answer briefly.' }),
        chatChunk({ content: 'Hi!' }),
        chatChunk({}, 'stop'),
        {
          ...usageChunk(14, 9),
          usage: {
            prompt_tokens: 14,
            completion_tokens: 9,
            total_tokens: 23,
            completion_tokens_details: { reasoning_tokens: 6 },
          },
        },
      ]),
    ).toEqual([
      messageStart,
      blockStart(0, { type: 'thinking', thinking: '' }),
      blockDelta(0, { type: 'thinking_delta', thinking: 'Greeting.' }),
      blockDelta(0, { type: 'thinking_delta', thinking: ' Answer briefly.' }),
      blockDelta(0, { type: 'signature_delta', signature: '' }),
      blockStop(0),
      blockStart(1, { type: 'text', text: '' }),
      blockDelta(1, { type: 'text_delta', text: 'Hi!' }),
      blockStop(1),
      messageDelta('end_turn', { input_tokens: 14, output_tokens: 9 }),
      messageStop,
    ])
  })

  test('text, then a tool call', () => {
    expect(
      encode([
        chatChunk({ role: 'assistant', content: 'Checking.' }),
        chatChunk({
          tool_calls: [
            {
              index: 0,
              id: 'call_7Qb2',
              type: 'function',
              function: { name: 'get_weather', arguments: '' },
            },
          ],
        }),
        chatChunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
        chatChunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
        chatChunk({}, 'tool_calls'),
        usageChunk(90, 17),
      ]),
    ).toEqual([
      messageStart,
      blockStart(0, { type: 'text', text: '' }),
      blockDelta(0, { type: 'text_delta', text: 'Checking.' }),
      blockStop(0),
      blockStart(1, { type: 'tool_use', id: 'call_7Qb2', name: 'get_weather', input: {} }),
      blockDelta(1, { type: 'input_json_delta', partial_json: '{"city":' }),
      blockDelta(1, { type: 'input_json_delta', partial_json: '"Paris"}' }),
      blockStop(1),
      messageDelta('tool_use', { input_tokens: 90, output_tokens: 17 }),
      messageStop,
    ])
  })
})

describe('AnthropicStreamEncoder: blocks', () => {
  test('gives parallel calls consecutive blocks, and text after them a new block', () => {
    expect(
      encode([
        chatChunk({
          tool_calls: [
            {
              index: 0,
              id: 'call_a',
              type: 'function',
              function: { name: 'read', arguments: '{"p":1}' },
            },
          ],
        }),
        chatChunk({
          tool_calls: [
            {
              index: 1,
              id: 'call_b',
              type: 'function',
              function: { name: 'read', arguments: '{"p":2}' },
            },
          ],
        }),
        chatChunk({ content: 'Reading both.' }),
        chatChunk({}, 'tool_calls'),
      ]),
    ).toEqual([
      messageStart,
      blockStart(0, { type: 'tool_use', id: 'call_a', name: 'read', input: {} }),
      blockDelta(0, { type: 'input_json_delta', partial_json: '{"p":1}' }),
      blockStop(0),
      blockStart(1, { type: 'tool_use', id: 'call_b', name: 'read', input: {} }),
      blockDelta(1, { type: 'input_json_delta', partial_json: '{"p":2}' }),
      blockStop(1),
      blockStart(2, { type: 'text', text: '' }),
      blockDelta(2, { type: 'text_delta', text: 'Reading both.' }),
      blockStop(2),
      // No usage from the backend: the input estimate, and (7 + 7 + 13) / 4 → 7 output tokens.
      messageDelta('tool_use', { input_tokens: 18, output_tokens: 7 }),
      messageStop,
    ])
  })

  test('opens a new thinking block for thinking after text (interleaved thinking)', () => {
    expect(
      encode([
        chatChunk({ reasoning_content: 'A' }),
        chatChunk({ content: 'B' }),
        chatChunk({ reasoning_content: 'C' }),
        chatChunk({ content: 'D' }),
        chatChunk({}, 'stop'),
      ]).filter((event) => event.type === 'content_block_start'),
    ).toEqual([
      blockStart(0, { type: 'thinking', thinking: '' }),
      blockStart(1, { type: 'text', text: '' }),
      blockStart(2, { type: 'thinking', thinking: '' }),
      blockStart(3, { type: 'text', text: '' }),
    ])
  })

  test('ends an answer with no output with message_start, message_delta and message_stop', () => {
    expect(
      encode([chatChunk({ role: 'assistant', content: '' }), chatChunk({}, 'length')]),
    ).toEqual([
      messageStart,
      messageDelta('max_tokens', { input_tokens: 18, output_tokens: 0 }),
      messageStop,
    ])
  })

  test('reports the stop sequence the backend names, and cached tokens apart', () => {
    expect(
      encode([
        chatChunk({ content: 'Done' }),
        chatChunk({}, 'stop', {
          choices: [{ index: 0, delta: {}, finish_reason: 'stop', stop_reason: '</a>' }],
        }),
        {
          ...usageChunk(100, 2),
          usage: {
            prompt_tokens: 100,
            completion_tokens: 2,
            total_tokens: 102,
            prompt_tokens_details: { cached_tokens: 64 },
          },
        },
      ]).slice(-2),
    ).toEqual([
      messageDelta(
        'stop_sequence',
        { input_tokens: 36, cache_read_input_tokens: 64, output_tokens: 2 },
        '</a>',
      ),
      messageStop,
    ])
  })
})

describe('AnthropicStreamEncoder: framing', () => {
  test('names each event after its type, one line of JSON each', () => {
    const encoder = new AnthropicStreamEncoder(message)
    expect(encoder.contentType).toBe('text/event-stream')
    expect(encoder.delta({ content: 'Hi', thinking: '' })).toBe(
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_0c3f","type":"message","role":"assistant","model":"qwen3","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":18,"output_tokens":0}}}\n\n' +
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n',
    )
  })

  test('keeps alive with ping, starting the message first if nothing was sent', () => {
    const encoder = new AnthropicStreamEncoder(message)
    expect(sseEvents(encoder.keepAlive())).toEqual([messageStart, { type: 'ping' }])
    expect(encoder.keepAlive()).toBe('event: ping\ndata: {"type":"ping"}\n\n')
    expect(sseEvents(encoder.delta({ content: 'Hi', thinking: '' }))).toEqual([
      blockStart(0, { type: 'text', text: '' }),
      blockDelta(0, { type: 'text_delta', text: 'Hi' }),
    ])
  })

  test('ends a failed stream with an error event in Anthropic shape, and no message_stop', () => {
    const encoder = new AnthropicStreamEncoder(message)
    encoder.delta({ content: 'Hi', thinking: '' })
    expect(encoder.failure(new OllamaError(502, 'the upstream failed while generating'))).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"the upstream failed while generating"}}\n\n',
    )
    expect(sseEvents(encoder.failure(new OllamaError(503, 'busy')))).toEqual([
      { type: 'error', error: { type: 'overloaded_error', message: 'busy' } },
    ])
  })
})
