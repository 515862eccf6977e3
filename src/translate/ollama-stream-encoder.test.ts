import { afterAll, beforeAll, describe, expect, setSystemTime, test } from 'bun:test'
import type { GenerationResult } from '../core/collect-generation.ts'
import type { FinishReason, GenerationEnd, TokenLogprob } from '../core/generation-event.ts'
import type { GenerationTimings } from '../core/generation-pipeline.ts'
import {
  createOllamaEncoder,
  type OllamaReplyOptions,
  toOllamaAnswer,
  toOllamaLoadAnswer,
} from './ollama-stream-encoder.ts'

const at = '2025-07-07T20:22:19.100Z'

beforeAll(() => {
  setSystemTime(new Date(at))
})
afterAll(() => {
  setSystemTime()
})

/** A run received at 1 µs, upstream at 1.5 µs, first output at 4 µs; its clock reads 10 µs. */
function runAt(clock = { now: 10_000 }) {
  const timings: GenerationTimings = {
    receivedAt: 1_000,
    upstreamStartedAt: 1_500,
    firstOutputAt: 4_000,
  }
  return { timings, now: () => clock.now }
}

/** The metrics of `runAt()` with 12 prompt and 34 completion tokens, as JSON members. */
const metricsJson =
  '"total_duration":9000,"load_duration":500,"prompt_eval_count":12,"prompt_eval_duration":2500,"eval_count":34,"eval_duration":6000'
const usage = { promptTokens: 12, completionTokens: 34 }

const chat: OllamaReplyOptions = { endpoint: 'chat', model: 'qwen3', withContext: false }
const generate: OllamaReplyOptions = { endpoint: 'generate', model: 'qwen3', withContext: true }

const logprobs: TokenLogprob[] = [
  {
    token: 'Hi',
    logprob: -0.5,
    bytes: [72, 105],
    top_logprobs: [{ token: 'Hey', logprob: -1.25 }],
  },
]
const logprobsJson =
  '"logprobs":[{"token":"Hi","logprob":-0.5,"bytes":[72,105],"top_logprobs":[{"token":"Hey","logprob":-1.25}]}]'

const weather = { id: 'call_1', name: 'get_weather', arguments: { city: 'Tokyo' } }
const time = { id: 'call_2', name: 'get_time', arguments: {} }
const toolCallsJson =
  '"tool_calls":[{"id":"call_1","function":{"index":0,"name":"get_weather","arguments":{"city":"Tokyo"}}},{"id":"call_2","function":{"index":1,"name":"get_time","arguments":{}}}]'

describe('createOllamaEncoder: /api/chat', () => {
  const head = `{"model":"qwen3","created_at":"${at}"`

  test('writes a line per piece of text or reasoning', () => {
    const encoder = createOllamaEncoder(chat, runAt())
    expect(encoder.delta({ content: 'Hi "you"\n', thinking: '' })).toBe(
      `${head},"message":{"role":"assistant","content":"Hi \\"you\\"\\n"},"done":false}\n`,
    )
    expect(encoder.delta({ content: '', thinking: 'Let me see' })).toBe(
      `${head},"message":{"role":"assistant","content":"","thinking":"Let me see"},"done":false}\n`,
    )
    expect(encoder.delta({ content: 'Hi', thinking: 'hmm' })).toBe(
      `${head},"message":{"role":"assistant","content":"Hi","thinking":"hmm"},"done":false}\n`,
    )
  })

  test('writes the log probabilities of a piece, even one without text', () => {
    const encoder = createOllamaEncoder(chat, runAt())
    expect(encoder.delta({ content: '', thinking: '', logprobs })).toBe(
      `${head},"message":{"role":"assistant","content":""},"done":false,${logprobsJson}}\n`,
    )
  })

  test('writes nothing for tool-call events or a piece without output', () => {
    const encoder = createOllamaEncoder(chat, runAt())
    expect(encoder.delta({ content: '', thinking: '' })).toBe('')
    expect(
      encoder.delta({
        content: '',
        thinking: '',
        toolCalls: [
          { type: 'start', index: 0, id: 'call_1', name: 'get_weather' },
          { type: 'arguments', index: 0, text: '{"city":"Tokyo"}' },
        ],
      }),
    ).toBe('')
  })

  test('writes no tool-call events with the log probabilities of the same piece', () => {
    const encoder = createOllamaEncoder(chat, runAt())
    expect(
      encoder.delta({
        content: '',
        thinking: '',
        logprobs,
        toolCalls: [{ type: 'start', index: 0, id: 'call_1', name: 'get_weather' }],
      }),
    ).toBe(`${head},"message":{"role":"assistant","content":""},"done":false,${logprobsJson}}\n`)
  })

  test('ends with the tool calls in a line of their own, then the done line with metrics', () => {
    const encoder = createOllamaEncoder(chat, runAt())
    const end: GenerationEnd = { finishReason: 'tool_calls', toolCalls: [weather, time], usage }
    expect(encoder.end(end)).toBe(
      `${head},"message":{"role":"assistant","content":"",${toolCallsJson}},"done":false}\n` +
        `${head},"message":{"role":"assistant","content":""},"done":true,"done_reason":"stop",${metricsJson}}\n`,
    )
  })

  test('ends with the done line alone when there are no tool calls, and no counts without usage', () => {
    const encoder = createOllamaEncoder(chat, runAt())
    expect(encoder.end({ finishReason: 'length', toolCalls: [] })).toBe(
      `${head},"message":{"role":"assistant","content":""},"done":true,"done_reason":"length","total_duration":9000,"load_duration":500,"prompt_eval_duration":2500,"eval_duration":6000}\n`,
    )
  })

  test('reads the clock when the generation ends', () => {
    const clock = { now: 5_000 }
    const encoder = createOllamaEncoder(chat, runAt(clock))
    clock.now = 24_000
    const line = JSON.parse(encoder.end({ finishReason: 'stop', toolCalls: [], usage }))
    expect({ total: line.total_duration, eval: line.eval_duration }).toEqual({
      total: 23_000,
      eval: 20_000,
    })
  })

  const reasons: [FinishReason, string][] = [
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'stop'],
    ['content_filter', 'stop'],
  ]
  test.each(reasons)('reports a %s finish as done_reason %s', (finishReason, doneReason) => {
    const encoder = createOllamaEncoder(chat, runAt())
    expect(JSON.parse(encoder.end({ finishReason, toolCalls: [] })).done_reason).toBe(doneReason)
  })
})

describe('createOllamaEncoder: /api/generate', () => {
  const head = `{"model":"qwen3","created_at":"${at}"`

  test('writes a line per piece of text or reasoning, and one with log probabilities', () => {
    const encoder = createOllamaEncoder(generate, runAt())
    expect(encoder.delta({ content: 'Hi', thinking: '' })).toBe(
      `${head},"response":"Hi","done":false}\n`,
    )
    expect(encoder.delta({ content: '', thinking: 'hmm' })).toBe(
      `${head},"response":"","done":false,"thinking":"hmm"}\n`,
    )
    expect(encoder.delta({ content: 'a', thinking: '', logprobs })).toBe(
      `${head},"response":"a","done":false,${logprobsJson}}\n`,
    )
    expect(encoder.delta({ content: '', thinking: '' })).toBe('')
  })

  test('ends with the done line only, with an empty context', () => {
    const encoder = createOllamaEncoder(generate, runAt())
    expect(encoder.end({ finishReason: 'tool_calls', toolCalls: [weather], usage })).toBe(
      `${head},"response":"","done":true,"done_reason":"stop","context":[],${metricsJson}}\n`,
    )
  })

  test('ends without context when the reply has none (raw prompts)', () => {
    const encoder = createOllamaEncoder({ ...generate, withContext: false }, runAt())
    expect(encoder.end({ finishReason: 'length', toolCalls: [], usage })).toBe(
      `${head},"response":"","done":true,"done_reason":"length",${metricsJson}}\n`,
    )
  })

  test('echoes the model as the client named it', () => {
    const encoder = createOllamaEncoder({ ...generate, model: 'my "model"' }, runAt())
    expect(encoder.delta({ content: 'x', thinking: '' })).toBe(
      `{"model":"my \\"model\\"","created_at":"${at}","response":"x","done":false}\n`,
    )
  })
})

describe('toOllamaAnswer', () => {
  const result: GenerationResult = {
    blocks: [
      { type: 'thinking', text: 'First, ' },
      { type: 'text', text: 'Checking' },
      { type: 'tool_call', call: weather },
      { type: 'thinking', text: 'then.' },
      { type: 'text', text: ' both.' },
      { type: 'tool_call', call: time },
    ],
    logprobs,
    end: { finishReason: 'tool_calls', toolCalls: [weather, time], usage },
  }

  test('answers a chat with the text and reasoning joined, the tool calls and log probabilities', () => {
    expect(JSON.stringify(toOllamaAnswer(chat, runAt(), result))).toBe(
      `{"model":"qwen3","created_at":"${at}","message":{"role":"assistant","content":"Checking both.","thinking":"First, then.",${toolCallsJson}},"done":true,"done_reason":"stop",${metricsJson},${logprobsJson}}`,
    )
  })

  test('answers a plain chat with its text and metrics only', () => {
    const plain: GenerationResult = {
      blocks: [{ type: 'text', text: 'Hi' }],
      logprobs: [],
      end: { finishReason: 'length', toolCalls: [] },
    }
    expect(JSON.stringify(toOllamaAnswer(chat, runAt(), plain))).toBe(
      `{"model":"qwen3","created_at":"${at}","message":{"role":"assistant","content":"Hi"},"done":true,"done_reason":"length","total_duration":9000,"load_duration":500,"prompt_eval_duration":2500,"eval_duration":6000}`,
    )
  })

  test('answers a generate with the response, reasoning and context, without tool calls', () => {
    expect(JSON.stringify(toOllamaAnswer(generate, runAt(), result))).toBe(
      `{"model":"qwen3","created_at":"${at}","response":"Checking both.","done":true,"thinking":"First, then.","done_reason":"stop","context":[],${metricsJson},${logprobsJson}}`,
    )
  })

  test('answers a raw generate without context', () => {
    const raw: GenerationResult = {
      blocks: [{ type: 'text', text: 'def' }],
      logprobs: [],
      end: { finishReason: 'stop', toolCalls: [], usage },
    }
    expect(JSON.stringify(toOllamaAnswer({ ...generate, withContext: false }, runAt(), raw))).toBe(
      `{"model":"qwen3","created_at":"${at}","response":"def","done":true,"done_reason":"stop",${metricsJson}}`,
    )
  })
})

describe('toOllamaLoadAnswer', () => {
  test('answers a chat that loads the model (for a while, or forever) or unloads it', () => {
    expect(JSON.stringify(toOllamaLoadAnswer('chat', 'qwen3', 300_000))).toBe(
      `{"model":"qwen3","created_at":"${at}","message":{"role":"assistant","content":""},"done":true,"done_reason":"load"}`,
    )
    expect(JSON.stringify(toOllamaLoadAnswer('chat', 'qwen3', -1))).toBe(
      `{"model":"qwen3","created_at":"${at}","message":{"role":"assistant","content":""},"done":true,"done_reason":"load"}`,
    )
    expect(JSON.stringify(toOllamaLoadAnswer('chat', 'qwen3', 0))).toBe(
      `{"model":"qwen3","created_at":"${at}","message":{"role":"assistant","content":""},"done":true,"done_reason":"unload"}`,
    )
  })

  test('answers a generate that loads or unloads the model', () => {
    expect(JSON.stringify(toOllamaLoadAnswer('generate', 'qwen3', Number.POSITIVE_INFINITY))).toBe(
      `{"model":"qwen3","created_at":"${at}","response":"","done":true,"done_reason":"load"}`,
    )
    expect(JSON.stringify(toOllamaLoadAnswer('generate', 'qwen3', 0))).toBe(
      `{"model":"qwen3","created_at":"${at}","response":"","done":true,"done_reason":"unload"}`,
    )
  })
})
