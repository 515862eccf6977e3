import { describe, expect, test } from 'bun:test'
import { fromAnthropicMessages } from './from-anthropic-messages.ts'

describe('fromAnthropicMessages', () => {
  test('takes model, max_tokens and the conversation; nothing else when nothing else is asked', () => {
    expect(
      fromAnthropicMessages({
        model: 'gpt-4o-mini',
        max_tokens: 1024,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    ).toEqual({
      kind: 'chat',
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      sampling: { maxTokens: 1024 },
    })
  })

  test('puts the system prompt first and states every intent, dropping metadata', () => {
    expect(
      fromAnthropicMessages({
        model: 'claude-sonnet-4-5',
        max_tokens: 32000,
        system: [{ type: 'text', text: 'You are terse.' }],
        messages: [{ role: 'user', content: 'Weather?' }],
        temperature: 0.2,
        top_p: 0.9,
        top_k: 40,
        stop_sequences: ['</answer>'],
        tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
        tool_choice: { type: 'auto', disable_parallel_tool_use: true },
        thinking: { type: 'enabled', budget_tokens: 4000 },
        metadata: { user_id: 'user_abc' },
        stream: true,
      } as never),
    ).toEqual({
      kind: 'chat',
      model: 'claude-sonnet-4-5',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Weather?' },
      ],
      sampling: { maxTokens: 32000, temperature: 0.2, topP: 0.9, topK: 40, stop: ['</answer>'] },
      tools: [
        { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } },
      ],
      toolChoice: 'auto',
      parallelToolCalls: false,
      think: true,
    })
  })

  test('asks for structured output with output_config.format', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } }
    expect(
      fromAnthropicMessages({
        model: 'm',
        max_tokens: 1,
        messages: [{ role: 'user', content: 'x' }],
        output_config: { effort: null, format: { type: 'json_schema', schema } },
      }).responseFormat,
    ).toEqual({ type: 'json_schema', json_schema: { name: 'schema', schema } })
  })

  test('sends no system message for an empty system prompt, and no stop for an empty list', () => {
    expect(
      fromAnthropicMessages({
        model: 'm',
        max_tokens: 1,
        system: '',
        stop_sequences: [],
        thinking: { type: 'disabled' },
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).toEqual({
      kind: 'chat',
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      sampling: { maxTokens: 1 },
      think: false,
    })
  })
})
