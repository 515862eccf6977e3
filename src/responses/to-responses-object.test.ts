import { describe, expect, test } from 'bun:test'
import { OllamaError } from '../errors/ollama-error.ts'
import type { ResponsesRequest } from './schemas.ts'
import {
  toFailedResponse,
  toFinishedResponse,
  toResponseEnvelope,
  toResponsesUsage,
} from './to-responses-object.ts'

describe('toResponseEnvelope', () => {
  test('a bare request: the envelope of the reference (§B.3), in progress, stored nowhere', () => {
    expect(toResponseEnvelope({ model: 'qwen3', input: 'Hi' }, 'resp_1', 1767225600)).toEqual({
      id: 'resp_1',
      object: 'response',
      created_at: 1767225600,
      completed_at: null,
      status: 'in_progress',
      incomplete_details: null,
      model: 'qwen3',
      previous_response_id: null,
      instructions: null,
      output: [],
      error: null,
      tools: [],
      tool_choice: 'auto',
      truncation: 'disabled',
      parallel_tool_calls: true,
      text: { format: { type: 'text' } },
      top_p: 1,
      presence_penalty: 0,
      frequency_penalty: 0,
      top_logprobs: 0,
      temperature: 1,
      reasoning: null,
      usage: null,
      max_output_tokens: null,
      max_tool_calls: null,
      store: false,
      background: false,
      service_tier: 'default',
      metadata: {},
      safety_identifier: null,
      prompt_cache_key: null,
    })
  })

  test('echoes what the request asked for; store is false whatever it asked', () => {
    const tools = [{ type: 'function', name: 'f' }]
    const format = { type: 'json_schema', name: 'a', schema: { type: 'object' } }
    const request = {
      model: 'qwen3',
      input: 'Hi',
      instructions: 'Be brief.',
      tools,
      tool_choice: { type: 'function', name: 'f' },
      parallel_tool_calls: false,
      text: { format, verbosity: 'low' },
      top_p: 0.5,
      temperature: 0.1,
      reasoning: { effort: 'high' },
      max_output_tokens: 100,
      metadata: { run: '7' },
      safety_identifier: 'user-1',
      prompt_cache_key: 'k',
      store: true,
      max_tool_calls: 3,
      truncation: 'auto',
    } as ResponsesRequest
    expect(toResponseEnvelope(request, 'resp_2', 1)).toMatchObject({
      instructions: 'Be brief.',
      tools,
      tool_choice: { type: 'function', name: 'f' },
      parallel_tool_calls: false,
      text: { format, verbosity: 'low' },
      top_p: 0.5,
      temperature: 0.1,
      reasoning: { effort: 'high', summary: null },
      max_output_tokens: 100,
      metadata: { run: '7' },
      safety_identifier: 'user-1',
      prompt_cache_key: 'k',
      store: false,
      // Not honoured, so not echoed.
      max_tool_calls: null,
      truncation: 'disabled',
    })
  })
})

describe('toResponsesUsage', () => {
  test('integers, cached and reasoning details, the total', () => {
    expect(
      toResponsesUsage({
        promptTokens: 100,
        completionTokens: 20,
        cachedTokens: 64,
        reasoningTokens: 12,
      }),
    ).toEqual({
      input_tokens: 100,
      input_tokens_details: { cached_tokens: 64 },
      output_tokens: 20,
      output_tokens_details: { reasoning_tokens: 12 },
      total_tokens: 120,
    })
  })

  test('null when the backend did not count', () => {
    expect(toResponsesUsage(undefined)).toBeNull()
  })
})

describe('terminal responses', () => {
  const envelope = toResponseEnvelope({ model: 'm', input: 'x' }, 'resp_3', 10)

  test('completed for stop and tool calls, with completed_at', () => {
    for (const finishReason of ['stop', 'tool_calls'] as const) {
      expect(toFinishedResponse(envelope, [], { finishReason, toolCalls: [] }, 12)).toEqual({
        ...envelope,
        status: 'completed',
        completed_at: 12,
      })
    }
  })

  test('incomplete for the token limit and the content filter', () => {
    expect(toFinishedResponse(envelope, [], { finishReason: 'length', toolCalls: [] }, 12)).toEqual(
      {
        ...envelope,
        status: 'incomplete',
        incomplete_details: { reason: 'max_output_tokens' },
      },
    )
    expect(
      toFinishedResponse(envelope, [], { finishReason: 'content_filter', toolCalls: [] }, 12)
        .incomplete_details,
    ).toEqual({ reason: 'content_filter' })
  })

  test('failed: the error inside the response', () => {
    expect(toFailedResponse(envelope, [], new OllamaError(502, 'boom'))).toEqual({
      ...envelope,
      status: 'failed',
      error: { code: 'server_error', message: 'boom' },
    })
  })
})
