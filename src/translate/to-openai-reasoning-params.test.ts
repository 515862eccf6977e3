import { describe, expect, test } from 'bun:test'
import type { ThinkSetting } from '../core/generation-request.ts'
import type { Dialect } from '../upstream/upstream-profile.ts'
import {
  type OpenAIReasoningParams,
  toOpenAIReasoningParams,
} from './to-openai-reasoning-params.ts'

const dialects: Dialect[] = ['openai', 'openrouter', 'vllm', 'llamacpp']

describe('toOpenAIReasoningParams', () => {
  test.each(dialects)('asks nothing of %s when think is absent', (dialect) => {
    expect(toOpenAIReasoningParams(undefined, dialect)).toEqual({})
  })

  const cases: [Dialect, ThinkSetting, OpenAIReasoningParams][] = [
    // A strict OpenAI backend only gets explicit levels.
    ['openai', true, {}],
    ['openai', false, {}],
    ['openai', 'low', { reasoning_effort: 'low' }],
    ['openai', 'medium', { reasoning_effort: 'medium' }],
    ['openai', 'high', { reasoning_effort: 'high' }],
    ['openai', 'max', { reasoning_effort: 'max' }],
    ['openai', 'minimal', { reasoning_effort: 'minimal' }],
    // OpenRouter: reasoning.enabled for booleans, reasoning.effort (max clamped) for levels.
    ['openrouter', true, { reasoning: { enabled: true } }],
    ['openrouter', false, { reasoning: { enabled: false } }],
    ['openrouter', 'low', { reasoning: { effort: 'low' } }],
    ['openrouter', 'high', { reasoning: { effort: 'high' } }],
    ['openrouter', 'max', { reasoning: { effort: 'high' } }],
    ['openrouter', 'minimal', { reasoning: { effort: 'minimal' } }],
    // vLLM: chat_template_kwargs.enable_thinking, plus reasoning_effort for levels.
    ['vllm', true, { chat_template_kwargs: { enable_thinking: true } }],
    ['vllm', false, { chat_template_kwargs: { enable_thinking: false } }],
    [
      'vllm',
      'medium',
      { reasoning_effort: 'medium', chat_template_kwargs: { enable_thinking: true } },
    ],
    ['vllm', 'max', { reasoning_effort: 'max', chat_template_kwargs: { enable_thinking: true } }],
    [
      'vllm',
      'minimal',
      { reasoning_effort: 'minimal', chat_template_kwargs: { enable_thinking: true } },
    ],
    // llama.cpp: everything inside chat_template_kwargs, as Ollama's llama-server path does.
    ['llamacpp', true, { chat_template_kwargs: { enable_thinking: true } }],
    ['llamacpp', false, { chat_template_kwargs: { enable_thinking: false } }],
    [
      'llamacpp',
      'low',
      { chat_template_kwargs: { enable_thinking: true, reasoning_effort: 'low' } },
    ],
    [
      'llamacpp',
      'high',
      { chat_template_kwargs: { enable_thinking: true, reasoning_effort: 'high' } },
    ],
    [
      'llamacpp',
      'max',
      { chat_template_kwargs: { enable_thinking: true, reasoning_effort: 'max' } },
    ],
  ]
  test.each(cases)('asks %s for think=%p with %o', (dialect, think, params) => {
    expect(toOpenAIReasoningParams(think, dialect)).toEqual(params)
  })
})
