import { describe, expect, test } from 'bun:test'
import { toOllamaChatChunk } from './to-ollama-chat-chunk.ts'
import type { OllamaMetrics } from './to-ollama-metrics.ts'

const at = '2025-07-07T20:22:19.100Z'
const metrics: OllamaMetrics = {
  total_duration: 182242375,
  load_duration: 41295,
  prompt_eval_count: 169,
  prompt_eval_duration: 24573166,
  eval_count: 15,
  eval_duration: 115959084,
}
const toolCall = {
  id: 'call_1',
  function: { index: 0, name: 'get_weather', arguments: { city: 'Tokyo' } },
}

describe('toOllamaChatChunk', () => {
  test('shapes a content chunk', () => {
    expect(toOllamaChatChunk('qwen3', at, { content: 'Hi' })).toEqual({
      model: 'qwen3',
      created_at: at,
      message: { role: 'assistant', content: 'Hi' },
      done: false,
    })
  })

  test('adds thinking when there is some, and always keeps content', () => {
    expect(toOllamaChatChunk('qwen3', at, { content: '', thinking: 'The user wants' })).toEqual({
      model: 'qwen3',
      created_at: at,
      message: { role: 'assistant', content: '', thinking: 'The user wants' },
      done: false,
    })
  })

  test('leaves out empty thinking, tool calls and log probabilities', () => {
    const chunk = toOllamaChatChunk('m', at, {
      content: 'x',
      thinking: '',
      toolCalls: [],
      logprobs: [],
    })
    expect(chunk).toEqual({
      model: 'm',
      created_at: at,
      message: { role: 'assistant', content: 'x' },
      done: false,
    })
    expect(Object.keys(chunk.message)).toEqual(['role', 'content'])
    expect('logprobs' in chunk).toBe(false)
  })

  test('puts tool calls on the message', () => {
    expect(toOllamaChatChunk('m', at, { content: '', toolCalls: [toolCall] })).toEqual({
      model: 'm',
      created_at: at,
      message: { role: 'assistant', content: '', tool_calls: [toolCall] },
      done: false,
    })
  })

  test('puts log probabilities at the top level', () => {
    const logprobs = [{ token: 'Hi', logprob: -0.5 }]
    expect(toOllamaChatChunk('m', at, { content: 'Hi', logprobs })).toEqual({
      model: 'm',
      created_at: at,
      message: { role: 'assistant', content: 'Hi' },
      done: false,
      logprobs,
    })
  })

  test("shapes the last chunk with done_reason and metrics, in Ollama's field order", () => {
    const chunk = toOllamaChatChunk('qwen3', at, { content: '' }, { doneReason: 'stop', metrics })
    expect(JSON.stringify(chunk)).toBe(
      '{"model":"qwen3","created_at":"2025-07-07T20:22:19.100Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":182242375,"load_duration":41295,"prompt_eval_count":169,"prompt_eval_duration":24573166,"eval_count":15,"eval_duration":115959084}',
    )
  })

  test('shapes a last chunk without metrics (load)', () => {
    expect(toOllamaChatChunk('m', at, { content: '' }, { doneReason: 'load' })).toEqual({
      model: 'm',
      created_at: at,
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'load',
    })
  })

  test('shapes a whole non-streamed answer', () => {
    const logprobs = [{ token: 'ok', logprob: 0 }]
    expect(
      toOllamaChatChunk(
        'm',
        at,
        { content: 'ok', thinking: 'hm', toolCalls: [toolCall], logprobs },
        { doneReason: 'length', metrics },
      ),
    ).toEqual({
      model: 'm',
      created_at: at,
      message: { role: 'assistant', content: 'ok', thinking: 'hm', tool_calls: [toolCall] },
      done: true,
      done_reason: 'length',
      ...metrics,
      logprobs,
    })
  })
})
