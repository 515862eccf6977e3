import { describe, expect, test } from 'bun:test'
import { toOllamaMetrics } from './to-ollama-metrics.ts'

describe('toOllamaMetrics', () => {
  test('splits the request into load, prompt evaluation and evaluation, with token counts', () => {
    expect(
      toOllamaMetrics(
        { receivedAt: 1_000, upstreamStartedAt: 1_500, firstOutputAt: 4_000 },
        10_000,
        { promptTokens: 12, completionTokens: 34 },
      ),
    ).toEqual({
      total_duration: 9_000,
      load_duration: 500,
      prompt_eval_count: 12,
      prompt_eval_duration: 2_500,
      eval_count: 34,
      eval_duration: 6_000,
    })
  })

  test('leaves the counts out when the backend reported no usage', () => {
    const metrics = toOllamaMetrics(
      {
        receivedAt: 0,
        upstreamStartedAt: 10,
        firstOutputAt: 20,
      },
      40,
    )
    expect(metrics).toEqual({
      total_duration: 40,
      load_duration: 10,
      prompt_eval_duration: 10,
      eval_duration: 20,
    })
    expect(Object.keys(metrics)).toEqual([
      'total_duration',
      'load_duration',
      'prompt_eval_duration',
      'eval_duration',
    ])
  })

  test('keeps zero counts the backend reported', () => {
    expect(
      toOllamaMetrics({ receivedAt: 0, upstreamStartedAt: 1, firstOutputAt: 2 }, 3, {
        promptTokens: 0,
        completionTokens: 0,
      }),
    ).toEqual({
      total_duration: 3,
      load_duration: 1,
      prompt_eval_count: 0,
      prompt_eval_duration: 1,
      eval_count: 0,
      eval_duration: 1,
    })
  })

  test('counts a generation without tokens as all prompt evaluation, and evaluation as 1 ns', () => {
    expect(toOllamaMetrics({ receivedAt: 0, upstreamStartedAt: 100 }, 700)).toEqual({
      total_duration: 700,
      load_duration: 100,
      prompt_eval_duration: 600,
      eval_duration: 1,
    })
  })

  test('never reports a duration below 1 ns', () => {
    expect(toOllamaMetrics({ receivedAt: 5, upstreamStartedAt: 5, firstOutputAt: 5 }, 5)).toEqual({
      total_duration: 1,
      load_duration: 1,
      prompt_eval_duration: 1,
      eval_duration: 1,
    })
  })

  test('rounds fractional nanoseconds to integers', () => {
    const metrics = toOllamaMetrics(
      {
        receivedAt: 0.2,
        upstreamStartedAt: 2.9,
        firstOutputAt: 10.4,
      },
      20.3,
    )
    expect(metrics).toEqual({
      total_duration: 20,
      load_duration: 3,
      prompt_eval_duration: 8,
      eval_duration: 10,
    })
  })
})
