import { describe, expect, test } from 'bun:test'
import { toResponsesAnswer } from './to-responses-answer.ts'
import { toResponseEnvelope } from './to-responses-object.ts'
import { ToolNames } from './tool-names.ts'

const envelope = toResponseEnvelope({ model: 'qwen3', input: 'Hi' }, 'resp_1', 100)
const ids = () => {
  let next = 0
  return (prefix: string) => `${prefix}${++next}`
}

describe('toResponsesAnswer', () => {
  test('one item per block, in the order generated; text is kept next to tool calls', () => {
    const names = new ToolNames()
    names.add({ type: 'custom', name: 'apply_patch' })
    names.add({ type: 'function', name: 'lookup', namespace: 'crm' })
    const answer = toResponsesAnswer(
      envelope,
      {
        blocks: [
          { type: 'thinking', text: 'Plan.' },
          { type: 'text', text: 'Patching.' },
          {
            type: 'tool_call',
            call: { id: 'call_1', name: 'apply_patch', arguments: { input: '*** Begin Patch' } },
          },
          { type: 'tool_call', call: { id: 'call_2', name: 'crm__lookup', arguments: { id: 7 } } },
          { type: 'tool_call', call: { id: 'call_3', name: 'other', arguments: {} } },
        ],
        logprobs: [],
        end: {
          finishReason: 'tool_calls',
          toolCalls: [],
          usage: { promptTokens: 30, completionTokens: 12 },
        },
      },
      names,
      { newId: ids(), completedAt: 103 },
    )
    expect(answer).toEqual({
      ...envelope,
      status: 'completed',
      completed_at: 103,
      output: [
        {
          id: 'rs_1',
          type: 'reasoning',
          summary: [{ type: 'summary_text', text: 'Plan.' }],
          encrypted_content: 'Plan.',
        },
        {
          id: 'msg_2',
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Patching.', annotations: [], logprobs: [] }],
        },
        {
          id: 'ctc_3',
          type: 'custom_tool_call',
          call_id: 'call_1',
          name: 'apply_patch',
          input: '*** Begin Patch',
        },
        {
          id: 'fc_4',
          type: 'function_call',
          status: 'completed',
          call_id: 'call_2',
          name: 'lookup',
          namespace: 'crm',
          arguments: '{"id":7}',
        },
        {
          id: 'fc_5',
          type: 'function_call',
          status: 'completed',
          call_id: 'call_3',
          name: 'other',
          arguments: '{}',
        },
      ],
      usage: {
        input_tokens: 30,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 12,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 42,
      },
    })
  })

  test('cut by the token limit: incomplete, and so is its last item', () => {
    const answer = toResponsesAnswer(
      envelope,
      {
        blocks: [
          { type: 'thinking', text: 'Long.' },
          { type: 'text', text: 'Once upon' },
        ],
        logprobs: [],
        end: { finishReason: 'length', toolCalls: [] },
      },
      new ToolNames(),
      { newId: ids(), completedAt: 103 },
    )
    expect(answer.status).toBe('incomplete')
    expect(answer.incomplete_details).toEqual({ reason: 'max_output_tokens' })
    expect(answer.output.map((item) => ('status' in item ? item.status : undefined))).toEqual([
      undefined,
      'incomplete',
    ])
  })

  test('a custom call whose arguments have no input string keeps them as its input', () => {
    const names = new ToolNames()
    names.add({ type: 'custom', name: 'apply_patch' })
    const answer = toResponsesAnswer(
      envelope,
      {
        blocks: [
          { type: 'tool_call', call: { id: 'c', name: 'apply_patch', arguments: { patch: 'x' } } },
        ],
        logprobs: [],
        end: { finishReason: 'tool_calls', toolCalls: [] },
      },
      names,
      { newId: ids(), completedAt: 103 },
    )
    expect(answer.output[0]).toMatchObject({ type: 'custom_tool_call', input: '{"patch":"x"}' })
  })
})
