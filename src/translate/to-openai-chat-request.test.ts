import { describe, expect, test } from 'bun:test'
import type {
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions'
import { thrown } from '../../test/support/thrown.ts'
import type { ChatRequest } from '../ollama/schemas.ts'
import type { Dialect, UpstreamProfile } from '../upstream/upstream-profile.ts'
import { fromOllamaChat } from './from-ollama-chat.ts'
import { toOpenAIChatRequest as toOpenAIChatParams } from './to-openai-chat-request.ts'

/** The backend request for an Ollama chat request: both halves of the translation. */
const toOpenAIChatRequest = (request: ChatRequest, model: string, target: UpstreamProfile) =>
  toOpenAIChatParams(fromOllamaChat(request), model, target)

const profile = (dialect: Dialect, overrides: Partial<UpstreamProfile> = {}): UpstreamProfile => ({
  dialect,
  maxTokensParam: 'max_tokens',
  streamUsage: true,
  ...overrides,
})

const hi = [{ role: 'user', content: 'Hi' }]
const hiParams: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Hi' }]

describe('Ollama chat → backend request', () => {
  test('makes a minimal streaming request that asks for usage', () => {
    expect(
      toOpenAIChatRequest({ model: 'llama3.2', messages: hi }, 'gpt-4o', profile('openai')),
    ).toEqual({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    })
  })

  test('does not send stream_options when stream usage is turned off', () => {
    expect(
      toOpenAIChatRequest(
        { model: 'm', messages: hi },
        'gpt-4o',
        profile('openai', { streamUsage: false }),
      ),
    ).toEqual({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }], stream: true })
  })

  test('always streams upstream, also for stream:false', () => {
    const params = toOpenAIChatRequest(
      { model: 'm', messages: hi, stream: false },
      'gpt-4o',
      profile('openai'),
    )
    expect({ stream: params.stream, stream_options: params.stream_options }).toEqual({
      stream: true,
      stream_options: { include_usage: true },
    })
  })

  test('sends an empty message list when messages are absent', () => {
    expect(
      toOpenAIChatRequest({ model: 'm' }, 'x', profile('openai', { streamUsage: false })),
    ).toEqual({ model: 'x', messages: [], stream: true })
  })

  test('forwards tools as given, keeping JSON-schema keywords Ollama would drop', () => {
    const tools: ChatCompletionFunctionTool[] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: {
            type: 'object',
            properties: { city: { type: 'string', minLength: 1, default: 'Tokyo' } },
            required: ['city'],
            additionalProperties: false,
          },
          strict: true,
        },
      },
    ]
    const params = toOpenAIChatRequest(
      { model: 'm', messages: hi, tools },
      'gpt-4o',
      profile('openai', { streamUsage: false }),
    )
    expect(params).toEqual({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      tools,
    })
  })

  test('sends no tools for an empty tools list', () => {
    const params = toOpenAIChatRequest(
      { model: 'm', messages: hi, tools: [] },
      'x',
      profile('openai'),
    )
    expect('tools' in params).toBe(false)
  })

  test.each([
    ['json', { type: 'json_object' }],
    [
      { type: 'object' },
      { type: 'json_schema', json_schema: { name: 'schema', schema: { type: 'object' } } },
    ],
  ] as const)('maps format %p to response_format %p', (format, responseFormat) => {
    const params = toOpenAIChatRequest({ model: 'm', messages: hi, format }, 'x', profile('openai'))
    expect(params.response_format).toEqual(responseFormat)
  })

  test.each(['', null])('sends no response_format for format %p', (format) => {
    const params = toOpenAIChatRequest({ model: 'm', messages: hi, format }, 'x', profile('openai'))
    expect('response_format' in params).toBe(false)
  })

  test('refuses format "xml" with 400 in Ollama\'s words', () => {
    const error = thrown(() =>
      toOpenAIChatRequest({ model: 'm', messages: hi, format: 'xml' }, 'x', profile('openai')),
    )
    expect({ status: error.status, message: error.message }).toEqual({
      status: 400,
      message: 'invalid format: "xml"; expected "json" or a valid JSON Schema object',
    })
  })

  test.each([
    [{ logprobs: true }, { logprobs: true }],
    [
      { logprobs: true, top_logprobs: 5 },
      { logprobs: true, top_logprobs: 5 },
    ],
    [{ top_logprobs: 3 }, { logprobs: true, top_logprobs: 3 }],
    [{ logprobs: true, top_logprobs: 0 }, { logprobs: true }],
    [{ logprobs: false }, {}],
    [{ logprobs: false, top_logprobs: 0 }, {}],
  ] as [Partial<ChatRequest>, object][])('maps %p to %p', (fields, expected) => {
    const params = toOpenAIChatRequest(
      { model: 'm', messages: hi, ...fields },
      'x',
      profile('openai', { streamUsage: false }),
    )
    expect(params).toEqual({
      model: 'x',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      ...expected,
    })
  })

  const everything: ChatRequest = {
    model: 'qwen3',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ],
    options: { temperature: 0.6, top_k: 20, min_p: 0, num_predict: 100, seed: -1, num_ctx: 4096 },
    think: false,
    keep_alive: '5m',
    truncate: true,
    shift: true,
  }
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi' },
  ]

  test('builds a whole request for vLLM: extras, enable_thinking, and nothing Ollama-only', () => {
    expect(toOpenAIChatRequest(everything, 'Qwen/Qwen3-8B', profile('vllm'))).toEqual({
      model: 'Qwen/Qwen3-8B',
      messages,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.6,
      max_tokens: 100,
      top_k: 20,
      min_p: 0,
      chat_template_kwargs: { enable_thinking: false },
    })
  })

  test('builds a whole request for a strict OpenAI backend: standard parameters only', () => {
    expect(
      toOpenAIChatRequest(
        { ...everything, think: 'high' },
        'o3',
        profile('openai', { maxTokensParam: 'max_completion_tokens' }),
      ),
    ).toEqual({
      model: 'o3',
      messages,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.6,
      max_completion_tokens: 100,
      reasoning_effort: 'high',
    })
  })

  test('builds a whole request for OpenRouter', () => {
    expect(
      toOpenAIChatRequest(
        { ...everything, options: { repeat_penalty: 1.2, stop: 'END' }, think: true },
        'deepseek/deepseek-r1',
        profile('openrouter', { streamUsage: false }),
      ),
    ).toEqual({
      model: 'deepseek/deepseek-r1',
      messages,
      stream: true,
      stop: ['END'],
      repetition_penalty: 1.2,
      reasoning: { enabled: true },
    })
  })

  test('builds a whole request for llama.cpp', () => {
    expect(
      toOpenAIChatRequest(
        { ...everything, options: { repeat_penalty: 1.2, repeat_last_n: 32 }, think: 'low' },
        'local',
        profile('llamacpp', { streamUsage: false }),
      ),
    ).toEqual({
      model: 'local',
      messages,
      stream: true,
      repeat_penalty: 1.2,
      repeat_last_n: 32,
      chat_template_kwargs: { enable_thinking: true, reasoning_effort: 'low' },
    })
  })
})

describe('toOpenAIChatRequest', () => {
  const tools: ChatCompletionFunctionTool[] = [
    { type: 'function', function: { name: 'f', parameters: { type: 'object' } } },
  ]
  const request = { kind: 'chat' as const, model: 'm', messages: hiParams, sampling: {} }

  test('forwards tool_choice and parallel_tool_calls with the tools', () => {
    expect(
      toOpenAIChatParams(
        {
          ...request,
          tools,
          toolChoice: { type: 'function', function: { name: 'f' } },
          parallelToolCalls: false,
        },
        'x',
        profile('openai', { streamUsage: false }),
      ),
    ).toEqual({
      model: 'x',
      messages: hiParams,
      stream: true,
      tools,
      tool_choice: { type: 'function', function: { name: 'f' } },
      parallel_tool_calls: false,
    })
  })

  test('sends no tool_choice without tools (OpenAI refuses it)', () => {
    expect(
      toOpenAIChatParams(
        { ...request, toolChoice: 'required', parallelToolCalls: true },
        'x',
        profile('openai', { streamUsage: false }),
      ),
    ).toEqual({ model: 'x', messages: hiParams, stream: true })
  })
})
