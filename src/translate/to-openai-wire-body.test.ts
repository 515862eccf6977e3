import { describe, expect, test } from 'bun:test'
import { toOpenAIWireBody } from './to-openai-wire-body.ts'

const copilotChat = {
  model: 'gpt-4o-mini',
  stream: true,
  keep_alive: '5m',
  options: { num_ctx: 8192 },
  temperature: 0.1,
  messages: [
    {
      role: 'system',
      content: 'You are a helpful assistant.',
      copilot_cache_control: { type: 'ephemeral' },
    },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Look', copilot_cache_control: { type: 'ephemeral' } },
        {
          type: 'image_url',
          image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low', extra: 1 },
        },
      ],
      name: 'ada',
    },
    {
      role: 'assistant',
      content: null,
      reasoning_content: 'hmm',
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          index: 0,
          function: { name: 'get_weather', arguments: '{"city":"Tokyo"}', extra: true },
        },
      ],
    },
    { role: 'tool', tool_call_id: 'call_1', content: '11°C', name: 'get_weather' },
  ],
  tools: [
    {
      type: 'function',
      copilot_cache_control: { type: 'ephemeral' },
      function: {
        name: 'get_weather',
        description: 'Weather for a city',
        parameters: { type: 'object', properties: { city: { type: 'string', extra: null } } },
        strict: false,
        extra: 1,
      },
    },
  ],
  tool_choice: 'auto',
}

describe('toOpenAIWireBody: the strict dialect', () => {
  test("keeps only OpenAI's fields: top level, messages, content parts, tool calls, tools", () => {
    expect(toOpenAIWireBody('chat', copilotChat, 'openai')).toEqual({
      model: 'gpt-4o-mini',
      stream: true,
      temperature: 0.1,
      messages: [
        { role: 'system', content: 'You are a helpful assistant.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look' },
            {
              type: 'image_url',
              image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' },
            },
          ],
          name: 'ada',
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '11°C' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather for a city',
            parameters: { type: 'object', properties: { city: { type: 'string', extra: null } } },
            strict: false,
          },
        },
      ],
      tool_choice: 'auto',
    })
  })

  test('keeps every standard chat parameter, whatever its value', () => {
    const body = {
      model: 'm',
      messages: [],
      ...{ frequency_penalty: 0, presence_penalty: 0, logit_bias: {}, logprobs: true },
      ...{ top_logprobs: 2, max_tokens: 1, max_completion_tokens: 1, n: 1, seed: 1, stop: 'x' },
      ...{ stream: true, stream_options: { include_usage: true, include_obfuscation: false } },
      ...{ top_p: 1, parallel_tool_calls: false, functions: [], function_call: 'auto' },
      ...{ response_format: { type: 'json_schema', json_schema: { name: 'a', schema: {} } } },
      ...{ reasoning_effort: 'low', verbosity: 'low', modalities: ['text'], audio: {} },
      ...{ prediction: {}, web_search_options: {}, moderation: {}, store: false, metadata: {} },
      ...{ service_tier: 'auto', user: 'u', safety_identifier: 's', prompt_cache_key: 'k' },
      ...{ prompt_cache_options: {}, prompt_cache_retention: '24h' },
    }
    expect(toOpenAIWireBody('chat', body, 'openai')).toEqual(body)
  })

  test('keeps the fields of every OpenAI message role, content part, tool call and tool kind', () => {
    const body = {
      model: 'm',
      messages: [
        { role: 'developer', content: 'd', name: 'n' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 't', prompt_cache_breakpoint: {} },
            { type: 'input_audio', input_audio: { data: 'AAA', format: 'wav' } },
            { type: 'file', file: { file_data: 'x', file_id: 'f', filename: 'a.pdf' } },
          ],
        },
        {
          role: 'assistant',
          content: [{ type: 'refusal', refusal: 'no' }],
          refusal: 'no',
          name: 'n',
          audio: { id: 'a' },
          function_call: { name: 'f', arguments: '{}' },
          tool_calls: [{ id: 'c', type: 'custom', custom: { name: 'c', input: 'x' } }],
        },
        { role: 'function', content: 'r', name: 'f' },
      ],
      tools: [
        { type: 'custom', custom: { name: 'c', description: 'd', format: { type: 'text' } } },
      ],
    }
    expect(toOpenAIWireBody('chat', body, 'openai')).toEqual(body)
  })

  test('leaves a role, part type or tool kind OpenAI does not have to the backend', () => {
    const body = {
      model: 'm',
      messages: [
        { role: 'critic', content: 'x', extra: 1 },
        { role: 'user', content: [{ type: 'video', video: {} }, 'text', null] },
        { role: 'constructor', content: 'x' },
        { role: 'assistant', tool_calls: [{ type: 'mcp', extra: 1 }] },
        'not a message',
      ],
      tools: [{ type: 'web_search', extra: 1 }],
    }
    expect(toOpenAIWireBody('chat', body, 'openai')).toEqual(body)
  })

  test('drops Ollama fields from completions and embeddings', () => {
    expect(
      toOpenAIWireBody(
        'completions',
        {
          model: 'm',
          prompt: 'p',
          suffix: 's',
          echo: false,
          best_of: 1,
          keep_alive: 0,
          raw: true,
          options: {},
        },
        'openai',
      ),
    ).toEqual({ model: 'm', prompt: 'p', suffix: 's', echo: false, best_of: 1 })
    expect(
      toOpenAIWireBody(
        'embeddings',
        {
          model: 'm',
          input: ['a'],
          dimensions: 8,
          encoding_format: 'float',
          user: 'u',
          truncate: true,
          keep_alive: '5m',
        },
        'openai',
      ),
    ).toEqual({ model: 'm', input: ['a'], dimensions: 8, encoding_format: 'float', user: 'u' })
  })

  test('does not change the body it is given', () => {
    const body = structuredClone(copilotChat)
    toOpenAIWireBody('chat', body, 'openai')
    expect(body).toEqual(copilotChat)
  })
})

describe('toOpenAIWireBody: dialects with extras', () => {
  test.each(['openrouter', 'vllm', 'llamacpp'] as const)(
    '%s gets the body as sent (its extras included)',
    (dialect) => {
      const body = { ...copilotChat, top_k: 40, chat_template_kwargs: { enable_thinking: false } }
      expect(toOpenAIWireBody('chat', body, dialect)).toBe(body)
    },
  )
})
