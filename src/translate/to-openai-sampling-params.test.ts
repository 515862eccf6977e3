import { describe, expect, test } from 'bun:test'
import type { Options } from '../ollama/schemas.ts'
import type { Dialect, UpstreamProfile } from '../upstream/upstream-profile.ts'
import { toOpenAISamplingParams as toParams } from './to-openai-sampling-params.ts'
import { toSampling } from './to-sampling.ts'

/** The backend parameters for Ollama options: both halves of the translation. */
const toOpenAISamplingParams = (options: Options | undefined, target: UpstreamProfile) =>
  toParams(toSampling(options), target)

const profile = (
  dialect: Dialect,
  maxTokensParam: UpstreamProfile['maxTokensParam'] = 'max_tokens',
): UpstreamProfile => ({ dialect, maxTokensParam, streamUsage: true })

const ollamaOnly = {
  top_k: 40,
  min_p: 0.05,
  typical_p: 0.9,
  repeat_penalty: 1.1,
  repeat_last_n: 64,
} satisfies Options

const noBackendMeaning = {
  num_ctx: 8192,
  num_gpu: 1,
  num_thread: 8,
  num_keep: 4,
  num_batch: 512,
  mirostat: 1,
  tfs_z: 1,
  use_mmap: true,
} as Options

describe('Ollama options → backend sampling parameters', () => {
  test('sends nothing without options', () => {
    expect(toOpenAISamplingParams(undefined, profile('openai'))).toEqual({})
  })

  test('sends nothing for empty options, with no undefined keys left behind', () => {
    const params = toOpenAISamplingParams({}, profile('vllm'))
    expect(params).toEqual({})
    expect(Object.keys(params)).toEqual([])
  })

  test('maps the standard options one to one', () => {
    expect(
      toOpenAISamplingParams(
        {
          temperature: 0.7,
          top_p: 0.9,
          presence_penalty: 0.1,
          frequency_penalty: 0.2,
          seed: 42,
          num_predict: 128,
          stop: ['\n\n', 'User:'],
        },
        profile('openai'),
      ),
    ).toEqual({
      temperature: 0.7,
      top_p: 0.9,
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      seed: 42,
      max_tokens: 128,
      stop: ['\n\n', 'User:'],
    })
  })

  test('keeps a temperature of 0', () => {
    expect(toOpenAISamplingParams({ temperature: 0 }, profile('openai'))).toEqual({
      temperature: 0,
    })
  })

  test('maps num_predict to max_completion_tokens when configured', () => {
    expect(
      toOpenAISamplingParams({ num_predict: 256 }, profile('openai', 'max_completion_tokens')),
    ).toEqual({ max_completion_tokens: 256 })
  })

  test.each([-1, -2, 0])('drops num_predict %p (no limit)', (numPredict) => {
    expect(toOpenAISamplingParams({ num_predict: numPredict }, profile('openai'))).toEqual({})
  })

  test('truncates a fractional num_predict', () => {
    expect(toOpenAISamplingParams({ num_predict: 10.7 }, profile('openai'))).toEqual({
      max_tokens: 10,
    })
  })

  test.each([-1, -100])('drops the negative seed %p (random, as Ollama means it)', (seed) => {
    expect(toOpenAISamplingParams({ seed }, profile('openai'))).toEqual({})
  })

  test.each([
    [0, 0],
    [7, 7],
    [3.9, 3],
  ])('sends the seed %p as %p', (seed, sent) => {
    expect(toOpenAISamplingParams({ seed }, profile('openai'))).toEqual({ seed: sent })
  })

  test('sends a stop given as a string as a one-element list', () => {
    expect(toOpenAISamplingParams({ stop: 'END' }, profile('openai'))).toEqual({ stop: ['END'] })
  })

  test.each([[''], [['']], [[]]] as [Options['stop']][])('sends no stop for %p', (stop) => {
    expect(toOpenAISamplingParams({ stop }, profile('openai'))).toEqual({})
  })

  test('drops empty stop sequences', () => {
    expect(toOpenAISamplingParams({ stop: ['a', '', 'b'] }, profile('openai'))).toEqual({
      stop: ['a', 'b'],
    })
  })

  const sixStops = ['1', '2', '3', '4', '5', '6']
  test('sends at most four stop sequences to a strict OpenAI backend', () => {
    expect(toOpenAISamplingParams({ stop: sixStops }, profile('openai'))).toEqual({
      stop: ['1', '2', '3', '4'],
    })
  })

  test.each(['openrouter', 'vllm', 'llamacpp'] as const)(
    'sends every stop sequence to %s',
    (dialect) => {
      expect(toOpenAISamplingParams({ stop: sixStops }, profile(dialect))).toEqual({
        stop: sixStops,
      })
    },
  )

  test('never sends top_k, min_p, typical_p or repeat_penalty to a strict OpenAI backend', () => {
    expect(toOpenAISamplingParams({ ...ollamaOnly, temperature: 0.5 }, profile('openai'))).toEqual({
      temperature: 0.5,
    })
  })

  test.each(['openrouter', 'vllm'] as const)(
    'sends top_k, min_p and repeat_penalty (as repetition_penalty) to %s',
    (dialect) => {
      expect(toOpenAISamplingParams(ollamaOnly, profile(dialect))).toEqual({
        top_k: 40,
        min_p: 0.05,
        repetition_penalty: 1.1,
      })
    },
  )

  test('sends top_k, min_p, typical_p, repeat_penalty and repeat_last_n to llama.cpp', () => {
    expect(toOpenAISamplingParams(ollamaOnly, profile('llamacpp'))).toEqual({
      top_k: 40,
      min_p: 0.05,
      typical_p: 0.9,
      repeat_penalty: 1.1,
      repeat_last_n: 64,
    })
  })

  test('truncates fractional top_k and repeat_last_n', () => {
    expect(
      toOpenAISamplingParams({ top_k: 40.9, repeat_last_n: 64.5 }, profile('llamacpp')),
    ).toEqual({ top_k: 40, repeat_last_n: 64 })
  })

  test.each([0, -1])('drops top_k %p (disabled)', (topK) => {
    expect(toOpenAISamplingParams({ top_k: topK }, profile('vllm'))).toEqual({})
  })

  test('keeps repeat_last_n 0 for llama.cpp (0 disables the window there)', () => {
    expect(toOpenAISamplingParams({ repeat_last_n: 0 }, profile('llamacpp'))).toEqual({
      repeat_last_n: 0,
    })
  })

  test.each(['openai', 'openrouter', 'vllm', 'llamacpp'] as const)(
    'drops options with no backend meaning (num_ctx, num_gpu, …) for %s',
    (dialect) => {
      expect(toOpenAISamplingParams(noBackendMeaning, profile(dialect))).toEqual({})
    },
  )
})
