import { describe, expect, test } from 'bun:test'
import { thrown } from '../../test/support/thrown.ts'
import { fromResponsesRequest } from './from-responses-request.ts'
import type { ResponsesRequest } from './schemas.ts'

describe('fromResponsesRequest', () => {
  test('a bare request: the input as messages, nothing else set', () => {
    expect(fromResponsesRequest({ model: 'qwen3', input: 'Hi' }).generation).toEqual({
      kind: 'chat',
      model: 'qwen3',
      messages: [{ role: 'user', content: 'Hi' }],
      sampling: {},
    })
  })

  test('every field it maps', () => {
    const { generation, toolNames } = fromResponsesRequest({
      model: 'qwen3',
      instructions: 'You are terse.',
      // Items are open objects: the schema names only the fields that pick their shape.
      input: [{ role: 'user', content: 'Weather?' } as { role: string }],
      tools: [{ type: 'custom', name: 'apply_patch' }, { type: 'web_search' }],
      tool_choice: 'required',
      parallel_tool_calls: false,
      max_output_tokens: 256,
      temperature: 0.2,
      top_p: 0.9,
      reasoning: { effort: 'minimal', summary: 'auto' },
      text: {
        format: {
          type: 'json_schema',
          name: 'answer',
          schema: { type: 'object' },
          strict: true,
          description: 'The answer',
        },
        verbosity: 'low',
      },
      store: true,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'session-1',
      stream: true,
    } as ResponsesRequest)
    expect(generation).toEqual({
      kind: 'chat',
      model: 'qwen3',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Weather?' },
      ],
      sampling: { temperature: 0.2, topP: 0.9, maxTokens: 256 },
      tools: [
        {
          type: 'function',
          function: {
            name: 'apply_patch',
            parameters: {
              type: 'object',
              properties: {
                input: { type: 'string', description: 'The input of the tool, as free-form text' },
              },
              required: ['input'],
              additionalProperties: false,
            },
          },
        },
      ],
      toolChoice: 'required',
      parallelToolCalls: false,
      think: 'low',
      responseFormat: {
        type: 'json_schema',
        json_schema: {
          name: 'answer',
          schema: { type: 'object' },
          strict: true,
          description: 'The answer',
        },
      },
    })
    expect(toolNames.target('apply_patch').type).toBe('custom')
  })

  test('reasoning effort none turns thinking off; json_object and text formats', () => {
    const base = { model: 'm', input: 'x' }
    expect(fromResponsesRequest({ ...base, reasoning: { effort: 'none' } }).generation.think).toBe(
      false,
    )
    expect(
      fromResponsesRequest({ ...base, text: { format: { type: 'json_object' } } }).generation
        .responseFormat,
    ).toEqual({ type: 'json_object' })
    expect(
      fromResponsesRequest({ ...base, text: { format: { type: 'text' } } }).generation,
    ).not.toHaveProperty('responseFormat')
    expect(
      fromResponsesRequest({
        ...base,
        text: { format: { type: 'json_schema', schema: { type: 'object' } } },
      }).generation.responseFormat,
    ).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema: { type: 'object' } },
    })
  })

  test('stateful fields are refused, never ignored', () => {
    const base = { model: 'm', input: 'x' }
    const refused = (extra: Partial<ResponsesRequest>) =>
      thrown(() => fromResponsesRequest({ ...base, ...extra })).message
    const advice = 'this server stores nothing; send the whole conversation in input'
    expect(refused({ previous_response_id: 'resp_1' })).toBe(
      `previous_response_id is not supported: ${advice}`,
    )
    expect(refused({ conversation: 'conv_1' })).toBe(`conversation is not supported: ${advice}`)
    expect(refused({ prompt: { id: 'pmpt_1' } })).toBe(`prompt is not supported: ${advice}`)
    expect(refused({ background: true })).toBe(`background is not supported: ${advice}`)
    // Set to nothing, they are nothing to refuse.
    expect(() =>
      fromResponsesRequest({
        ...base,
        previous_response_id: null,
        conversation: null,
        prompt: null,
        background: false,
      }),
    ).not.toThrow()
  })

  test.each([
    [
      { input: '' },
      'input is required: this server stores nothing; send the whole conversation in input',
    ],
    [
      { input: [], instructions: 'Only this' },
      'input is required: this server stores nothing; send the whole conversation in input',
    ],
    [
      { input: 'x', text: { format: { type: 'xml' } } },
      'invalid text.format.type "xml": expected text, json_object or json_schema',
    ],
    [
      { input: 'x', text: { format: { type: 'json_schema', name: 'a' } } },
      'text.format: json_schema needs a schema',
    ],
    [
      { input: 'x', reasoning: { effort: 'huge' } },
      'invalid reasoning value: "huge" (must be "minimal", "low", "medium", "high", "xhigh", "ultra", "max", or "none")',
    ],
  ])('%p → 400 %p', (fields, message) => {
    const error = thrown(() => fromResponsesRequest({ model: 'm', ...fields } as ResponsesRequest))
    expect(error.status).toBe(400)
    expect(error.message).toBe(message)
  })
})
