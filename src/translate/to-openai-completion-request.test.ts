import { describe, expect, test } from 'bun:test'
import { thrown } from '../../test/support/thrown.ts'
import type { GenerateRequest } from '../ollama/schemas.ts'
import type { Dialect, UpstreamProfile } from '../upstream/upstream-profile.ts'
import { fromOllamaGenerate } from './from-ollama-generate.ts'
import { toOpenAICompletionRequest as toParams } from './to-openai-completion-request.ts'

/** The backend request for a raw or fill-in-the-middle Ollama generate request. */
function toOpenAICompletionRequest(
  request: GenerateRequest,
  model: string,
  target: UpstreamProfile,
) {
  const generation = fromOllamaGenerate(request)
  if (generation.kind !== 'completion') throw new Error('expected a completion request')
  return toParams(generation, model, target)
}

const needsCompletionEndpoint = (request: GenerateRequest) =>
  fromOllamaGenerate({ model: 'm', ...request }).kind === 'completion'

const profile = (dialect: Dialect, overrides: Partial<UpstreamProfile> = {}): UpstreamProfile => ({
  dialect,
  maxTokensParam: 'max_tokens',
  streamUsage: true,
  ...overrides,
})

describe('needsCompletionEndpoint', () => {
  test.each([
    [{ raw: true }, true],
    [{ raw: true, prompt: '<s>[INST] hi [/INST]' }, true],
    [{ suffix: '    return x' }, true],
    [{ raw: false, suffix: 'x' }, true],
    [{ suffix: '' }, false],
    [{ raw: false }, false],
    [{ prompt: 'Hello' }, false],
    [{}, false],
  ] as [GenerateRequest, boolean][])('for %p: %p', (request, expected) => {
    expect(needsCompletionEndpoint(request)).toBe(expected)
  })
})

describe('toOpenAICompletionRequest', () => {
  test('sends a raw prompt verbatim, streamed, asking for usage', () => {
    expect(
      toOpenAICompletionRequest(
        { model: 'm', prompt: '<s>[INST] hi [/INST]', raw: true },
        'mistral-7b',
        profile('openai'),
      ),
    ).toEqual({
      model: 'mistral-7b',
      prompt: '<s>[INST] hi [/INST]',
      stream: true,
      stream_options: { include_usage: true },
    })
  })

  test('sends a fill-in-the-middle request with its suffix', () => {
    expect(
      toOpenAICompletionRequest(
        { model: 'm', prompt: 'def add(a, b):\n', suffix: '\n    return c' },
        'codestral',
        profile('openai', { streamUsage: false }),
      ),
    ).toEqual({
      model: 'codestral',
      prompt: 'def add(a, b):\n',
      suffix: '\n    return c',
      stream: true,
    })
  })

  test('sends an absent prompt as ""', () => {
    expect(
      toOpenAICompletionRequest(
        { model: 'm', suffix: 'tail' },
        'x',
        profile('openai', { streamUsage: false }),
      ),
    ).toEqual({ model: 'x', prompt: '', suffix: 'tail', stream: true })
  })

  test('maps num_predict to max_tokens even when chat uses max_completion_tokens', () => {
    const params = toOpenAICompletionRequest(
      { model: 'm', prompt: 'p', raw: true, options: { num_predict: 64, temperature: 0.2 } },
      'x',
      profile('openai', { maxTokensParam: 'max_completion_tokens', streamUsage: false }),
    )
    expect(params).toEqual({
      model: 'x',
      prompt: 'p',
      stream: true,
      max_tokens: 64,
      temperature: 0.2,
    })
  })

  test('sends the dialect extras too (vLLM)', () => {
    const params = toOpenAICompletionRequest(
      { model: 'm', prompt: 'p', raw: true, options: { top_k: 10, stop: '\n', seed: 5 } },
      'x',
      profile('vllm', { streamUsage: false }),
    )
    expect(params).toEqual({
      model: 'x',
      prompt: 'p',
      stream: true,
      top_k: 10,
      stop: ['\n'],
      seed: 5,
    })
  })

  test.each([
    ['template', { template: '{{ .Prompt }}' }],
    ['system', { system: 'Be brief.' }],
    ['context', { context: [1, 2, 3] }],
  ] as [string, Partial<GenerateRequest>][])(
    "refuses raw mode with %s (400, Ollama's message)",
    (_name, fields) => {
      const error = thrown(() =>
        toOpenAICompletionRequest(
          { model: 'm', prompt: 'p', raw: true, ...fields },
          'x',
          profile('openai'),
        ),
      )
      expect({ status: error.status, message: error.message }).toEqual({
        status: 400,
        message: 'raw mode does not support template, system, or context',
      })
    },
  )

  test('accepts raw mode with an empty context, empty system and empty template (as Ollama does)', () => {
    expect(
      toOpenAICompletionRequest(
        { model: 'm', prompt: 'p', raw: true, context: [], system: '', template: '' },
        'x',
        profile('openai', { streamUsage: false }),
      ),
    ).toEqual({ model: 'x', prompt: 'p', stream: true })
  })

  test('refuses images with a raw prompt or a suffix (400)', () => {
    for (const fields of [{ raw: true }, { suffix: 's' }]) {
      const error = thrown(() =>
        toOpenAICompletionRequest(
          { model: 'm', prompt: 'p', images: ['iVBORw0KGgo='], ...fields },
          'x',
          profile('openai'),
        ),
      )
      expect({ status: error.status, message: error.message }).toEqual({
        status: 400,
        message: 'images are not supported with raw prompts or suffix',
      })
    }
  })

  test('accepts an empty images list', () => {
    expect(
      toOpenAICompletionRequest(
        { model: 'm', prompt: 'p', raw: true, images: [] },
        'x',
        profile('openai', { streamUsage: false }),
      ),
    ).toEqual({ model: 'x', prompt: 'p', stream: true })
  })
})
