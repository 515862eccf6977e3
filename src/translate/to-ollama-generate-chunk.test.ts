import { describe, expect, test } from 'bun:test'
import { toOllamaGenerateChunk } from './to-ollama-generate-chunk.ts'
import type { OllamaMetrics } from './to-ollama-metrics.ts'

const at = '2023-08-04T19:22:45.499Z'
const metrics: OllamaMetrics = {
  total_duration: 10706818083,
  load_duration: 6338219291,
  prompt_eval_count: 26,
  prompt_eval_duration: 130079000,
  eval_count: 259,
  eval_duration: 4232710000,
}

describe('toOllamaGenerateChunk', () => {
  test('shapes a text chunk with `response`', () => {
    expect(toOllamaGenerateChunk('llama3.2', at, { content: 'The' })).toEqual({
      model: 'llama3.2',
      created_at: at,
      response: 'The',
      done: false,
    })
  })

  test('always has `response`, also when empty, and puts thinking at the top level', () => {
    expect(toOllamaGenerateChunk('m', at, { content: '', thinking: 'Hmm' })).toEqual({
      model: 'm',
      created_at: at,
      response: '',
      thinking: 'Hmm',
      done: false,
    })
  })

  test('leaves out empty thinking and log probabilities, and never carries tool calls', () => {
    const chunk = toOllamaGenerateChunk('m', at, {
      content: 'x',
      thinking: '',
      logprobs: [],
      toolCalls: [{ function: { index: 0, name: 'f', arguments: {} } }],
    })
    expect(Object.keys(chunk)).toEqual(['model', 'created_at', 'response', 'done'])
  })

  test('adds log probabilities at the top level', () => {
    const logprobs = [{ token: 'a', logprob: -1, bytes: [97] }]
    expect(toOllamaGenerateChunk('m', at, { content: 'a', logprobs })).toEqual({
      model: 'm',
      created_at: at,
      response: 'a',
      done: false,
      logprobs,
    })
  })

  test('shapes the last chunk with done_reason and metrics, without `context`', () => {
    const chunk = toOllamaGenerateChunk(
      'llama3.2',
      at,
      { content: '' },
      { doneReason: 'stop', metrics },
    )
    expect(JSON.stringify(chunk)).toBe(
      '{"model":"llama3.2","created_at":"2023-08-04T19:22:45.499Z","response":"","done":true,"done_reason":"stop","total_duration":10706818083,"load_duration":6338219291,"prompt_eval_count":26,"prompt_eval_duration":130079000,"eval_count":259,"eval_duration":4232710000}',
    )
  })

  test('shapes the unload answer', () => {
    expect(toOllamaGenerateChunk('m', at, { content: '' }, { doneReason: 'unload' })).toEqual({
      model: 'm',
      created_at: at,
      response: '',
      done: true,
      done_reason: 'unload',
    })
  })
})
