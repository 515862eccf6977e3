import { describe, expect, test } from 'bun:test'
import { thrown } from '../../test/support/thrown.ts'
import type { GenerateRequest } from '../ollama/schemas.ts'
import { fromOllamaGenerate } from './from-ollama-generate.ts'

describe('fromOllamaGenerate: a prompt for the chat endpoint', () => {
  test('is a chat of the system prompt and the prompt, with the chat fields', () => {
    expect(
      fromOllamaGenerate({
        model: 'qwen3',
        system: 'Be brief.',
        prompt: 'Why is the sky blue?',
        think: false,
        format: 'json',
        logprobs: true,
        top_logprobs: 2,
        keep_alive: '1m',
        options: { temperature: 0 },
      }),
    ).toStrictEqual({
      kind: 'chat',
      model: 'qwen3',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Why is the sky blue?' },
      ],
      sampling: { temperature: 0 },
      think: false,
      responseFormat: { type: 'json_object' },
      logprobs: { top: 2 },
      keepAliveMs: 60_000,
    })
  })

  test.each([
    ['no raw and no suffix', {}],
    ['raw false', { raw: false }],
    ['an empty suffix', { suffix: '' }],
  ])('is a chat with %s', (_, fields) => {
    expect(fromOllamaGenerate({ model: 'm', prompt: 'Hi', ...fields }).kind).toBe('chat')
  })
})

describe('fromOllamaGenerate: a raw or fill-in-the-middle prompt for the completions endpoint', () => {
  test('sends a raw prompt as it is', () => {
    expect(
      fromOllamaGenerate({ model: 'coder', prompt: '[INST] Hi [/INST]', raw: true }),
    ).toStrictEqual({
      kind: 'completion',
      model: 'coder',
      prompt: '[INST] Hi [/INST]',
      sampling: {},
    })
  })

  test('sends the prompt and the suffix, with the options and keep_alive', () => {
    expect(
      fromOllamaGenerate({
        model: 'coder',
        prompt: 'def add(a, b):',
        suffix: '    return c',
        options: { num_predict: 32, stop: ['\n\n'] },
        keep_alive: '1h',
      }),
    ).toStrictEqual({
      kind: 'completion',
      model: 'coder',
      prompt: 'def add(a, b):',
      suffix: '    return c',
      sampling: { maxTokens: 32, stop: ['\n\n'] },
      keepAliveMs: 3_600_000,
    })
  })

  test('sends a suffix without a prompt, with an empty prompt', () => {
    expect(fromOllamaGenerate({ suffix: '}' })).toStrictEqual({
      kind: 'completion',
      model: '',
      prompt: '',
      suffix: '}',
      sampling: {},
    })
  })

  test('keeps a keep_alive of 0 (unload after the answer)', () => {
    expect(fromOllamaGenerate({ model: 'm', prompt: 'x', raw: true, keep_alive: 0 })).toStrictEqual(
      {
        kind: 'completion',
        model: 'm',
        prompt: 'x',
        sampling: {},
        keepAliveMs: 0,
      },
    )
  })

  test('sends a suffix with a system prompt as a completion, without the system prompt', () => {
    expect(fromOllamaGenerate({ model: 'm', prompt: 'a', suffix: 'b', system: 's' })).toStrictEqual(
      { kind: 'completion', model: 'm', prompt: 'a', suffix: 'b', sampling: {} },
    )
  })

  test('accepts an empty context and an empty image list with a raw prompt', () => {
    expect(
      fromOllamaGenerate({ model: 'm', prompt: 'x', raw: true, context: [], images: [] }).kind,
    ).toBe('completion')
  })

  const refusals: [string, GenerateRequest, string][] = [
    [
      'a template',
      { raw: true, template: '{{ .Prompt }}' },
      'raw mode does not support template, system, or context',
    ],
    [
      'a system prompt',
      { raw: true, system: 'Be brief.' },
      'raw mode does not support template, system, or context',
    ],
    [
      'a context',
      { raw: true, context: [1, 2] },
      'raw mode does not support template, system, or context',
    ],
    [
      'images with raw',
      { raw: true, images: ['aGk='] },
      'images are not supported with raw prompts or suffix',
    ],
    [
      'images with a suffix',
      { suffix: '}', images: ['aGk='] },
      'images are not supported with raw prompts or suffix',
    ],
  ]
  test.each(refusals)('refuses %s with a 400', (_, fields, message) => {
    const error = thrown(() => fromOllamaGenerate({ model: 'm', prompt: 'x', ...fields }))
    expect({ status: error.status, message: error.message }).toEqual({ status: 400, message })
  })

  test('refuses a keep_alive that is no duration with a 400', () => {
    const error = thrown(() =>
      fromOllamaGenerate({ model: 'm', prompt: 'x', raw: true, keep_alive: '5 minutes' }),
    )
    expect({ status: error.status, message: error.message }).toEqual({
      status: 400,
      message: 'time: invalid duration "5 minutes"',
    })
  })
})
