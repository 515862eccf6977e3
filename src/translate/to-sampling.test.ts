import { describe, expect, test } from 'bun:test'
import type { Options } from '../ollama/schemas.ts'
import { toSampling } from './to-sampling.ts'

describe('toSampling', () => {
  test('has no controls without options', () => {
    expect(toSampling(undefined)).toStrictEqual({})
    expect(toSampling({})).toStrictEqual({})
  })

  test('maps every option with a backend meaning, integers truncated', () => {
    expect(
      toSampling({
        temperature: 0.7,
        top_p: 0.9,
        top_k: 40.9,
        min_p: 0.05,
        typical_p: 0.8,
        repeat_penalty: 1.1,
        repeat_last_n: 64.9,
        presence_penalty: 0.1,
        frequency_penalty: 0.2,
        seed: 42.9,
        num_predict: 128.9,
        stop: ['\n\n', 'END'],
      }),
    ).toStrictEqual({
      temperature: 0.7,
      topP: 0.9,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
      minP: 0.05,
      typicalP: 0.8,
      repeatPenalty: 1.1,
      repeatLastN: 64,
      seed: 42,
      maxTokens: 128,
      topK: 40,
      stop: ['\n\n', 'END'],
    })
  })

  test('keeps zeros that mean something: temperature, penalties, seed, repeat_last_n', () => {
    expect(
      toSampling({
        temperature: 0,
        top_p: 0,
        min_p: 0,
        typical_p: 0,
        repeat_penalty: 0,
        repeat_last_n: 0,
        presence_penalty: 0,
        frequency_penalty: 0,
        seed: 0,
      }),
    ).toStrictEqual({
      temperature: 0,
      topP: 0,
      presencePenalty: 0,
      frequencyPenalty: 0,
      minP: 0,
      typicalP: 0,
      repeatPenalty: 0,
      repeatLastN: 0,
      seed: 0,
    })
  })

  test("drops Ollama's no-limit and random values: num_predict ≤ 0, top_k ≤ 0, a negative seed", () => {
    expect(toSampling({ num_predict: -1, top_k: 0, seed: -1 })).toStrictEqual({})
    expect(toSampling({ num_predict: 0, top_k: -5, seed: -0.5 })).toStrictEqual({})
  })

  test('keeps the smallest limits', () => {
    expect(toSampling({ num_predict: 1, top_k: 1 })).toStrictEqual({ maxTokens: 1, topK: 1 })
  })

  test('truncates towards zero', () => {
    expect(toSampling({ repeat_last_n: -1.5, seed: 0.9, num_predict: 1.5 })).toStrictEqual({
      repeatLastN: -1,
      seed: 0,
      maxTokens: 1,
    })
  })

  test.each([
    ['one stop string', 'END', ['END']],
    ['a list without its empty strings', ['', 'a', '', 'b'], ['a', 'b']],
  ] as const)('reads %s', (_, stop, expected) => {
    expect(toSampling({ stop: stop as Options['stop'] })).toStrictEqual({ stop: [...expected] })
  })

  test.each([
    ['an empty stop string', ''],
    ['an empty list', []],
    ['a list of empty strings', ['', '']],
  ] as const)('has no stop sequences for %s', (_, stop) => {
    expect(toSampling({ stop: stop as Options['stop'] })).toStrictEqual({})
  })

  test('drops options with no backend meaning', () => {
    expect(toSampling({ num_ctx: 8192, num_gpu: 1, mirostat: 2 } as Options)).toStrictEqual({})
  })
})
