import { describe, expect, test } from 'bun:test'
import { thrown } from '../../test/support/thrown.ts'
import { fromResponsesInput } from './from-responses-input.ts'

/** A 1×1 PNG. */
const png =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

const call = (id: string, name: string, args: string) => ({
  id,
  type: 'function' as const,
  function: { name, arguments: args },
})

describe('fromResponsesInput: messages', () => {
  test('a string is one user message; an empty one or none is nothing', () => {
    expect(fromResponsesInput('Hi')).toEqual([{ role: 'user', content: 'Hi' }])
    expect(fromResponsesInput('')).toEqual([])
    expect(fromResponsesInput(undefined)).toEqual([])
  })

  test('message items and the short form; developer becomes system; text parts joined', () => {
    expect(
      fromResponsesInput([
        { type: 'message', role: 'developer', content: 'Be brief.' },
        { role: 'system', content: [{ type: 'input_text', text: 'Rules.' }] },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: '<env>cwd</env>' },
            { type: 'input_text', text: 'List files' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'output_text', text: 'Sure', annotations: [] },
            { type: 'refusal', refusal: ', but no.' },
          ],
          status: 'completed',
          id: 'msg_1',
        },
      ]),
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Rules.' },
      { role: 'user', content: '<env>cwd</env>List files' },
      { role: 'assistant', content: 'Sure, but no.' },
    ])
  })

  test('user images become image_url parts next to the text, in order', () => {
    expect(
      fromResponsesInput([
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is this?' },
            { type: 'input_image', image_url: `data:;base64,${png}`, detail: 'low' },
            { type: 'input_image', image_url: 'https://example.com/cat.jpg', detail: 'original' },
          ],
        },
      ]),
    ).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${png}`, detail: 'low' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
        ],
      },
    ])
  })

  test.each([
    [
      { role: 'user', content: [{ type: 'input_file', file_id: 'file_1' }] },
      'input[0]: content[0]: file inputs are not currently supported',
    ],
    [
      { role: 'user', content: [{ type: 'input_audio' }] },
      'input[0]: content[0]: unknown content type: input_audio',
    ],
    [
      { role: 'user', content: [{ type: 'input_image', file_id: 'file_1' }] },
      'input[0]: content[0]: images by file_id are not supported (nothing is stored here): send image_url',
    ],
    [
      { role: 'user', content: [{ type: 'input_image', image_url: 'ftp://x/y.png' }] },
      'input[0]: content[0]: invalid image input: expected a data: or http(s) URL',
    ],
    [
      { role: 'assistant', content: [{ type: 'input_image', image_url: 'https://x/y.png' }] },
      'input[0]: images are only supported in user messages',
    ],
    [
      { role: 'user', content: [{ type: 'input_text', text: 3 }] },
      'input[0]: content[0]: text must be a string',
    ],
    [
      { role: 'tool', content: 'x' },
      'input[0]: invalid role "tool": expected user, system, developer or assistant',
    ],
    [{ role: 'user', content: 5 }, 'input[0]: content must be a string or a list of objects'],
    [{ content: 'no role, no type' }, "input[0]: input item missing required 'type' field"],
    [
      { type: 'item_reference', id: 'msg_1' },
      'input[0]: item references are not supported: this server stores nothing; send the items themselves (store: false)',
    ],
    [
      { type: 'local_shell_call', call_id: 'c' },
      'input[0]: unknown input item type: "local_shell_call"',
    ],
  ])('%p → 400 %p', (item, message) => {
    const error = thrown(() => fromResponsesInput([item]))
    expect(error.status).toBe(400)
    expect(error.message).toBe(message)
  })
})

describe('fromResponsesInput: tool calls and their outputs', () => {
  test('calls join the assistant message before them; outputs become tool messages', () => {
    expect(
      fromResponsesInput([
        { role: 'user', content: 'Weather in Paris and Rome?' },
        { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'thinking' },
        { role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
        {
          type: 'function_call',
          call_id: 'call_1',
          name: 'weather',
          arguments: '{"city":"Paris"}',
        },
        { type: 'function_call', call_id: 'call_2', name: 'weather', arguments: '' },
        { type: 'function_call_output', call_id: 'call_1', output: 'Sunny' },
        {
          type: 'function_call_output',
          call_id: 'call_2',
          output: [
            { type: 'input_text', text: 'Rain' },
            { type: 'input_text', text: 'y' },
          ],
        },
        { type: 'web_search_call', id: 'ws_1', status: 'completed' },
        { role: 'assistant', content: 'Paris sunny, Rome rainy.' },
      ]),
    ).toEqual([
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          call('call_1', 'weather', '{"city":"Paris"}'),
          call('call_2', 'weather', '{}'),
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
      { role: 'tool', tool_call_id: 'call_2', content: 'Rainy' },
      { role: 'assistant', content: 'Paris sunny, Rome rainy.' },
    ])
  })

  test('a call with no assistant message before it starts one', () => {
    expect(
      fromResponsesInput([
        { role: 'user', content: 'Go' },
        { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: 'done' },
        { type: 'function_call', call_id: 'c2', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c2', output: 'done again' },
      ]),
    ).toEqual([
      { role: 'user', content: 'Go' },
      { role: 'assistant', content: null, tool_calls: [call('c1', 'f', '{}')] },
      { role: 'tool', tool_call_id: 'c1', content: 'done' },
      { role: 'assistant', content: null, tool_calls: [call('c2', 'f', '{}')] },
      { role: 'tool', tool_call_id: 'c2', content: 'done again' },
    ])
  })

  test('an assistant message between a call and its output joins the call’s message (Codex)', () => {
    expect(
      fromResponsesInput([
        { type: 'function_call', call_id: 'c1', name: 'shell', arguments: '{}' },
        { role: 'assistant', content: [{ type: 'output_text', text: 'Running it.' }] },
        { role: 'assistant', content: [{ type: 'output_text', text: ' Still.' }] },
        { type: 'function_call_output', call_id: 'c1', output: 'ok' },
      ]),
    ).toEqual([
      {
        role: 'assistant',
        content: 'Running it. Still.',
        tool_calls: [call('c1', 'shell', '{}')],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'ok' },
    ])
  })

  test('custom tool calls become calls with an input argument; namespaced names are joined', () => {
    expect(
      fromResponsesInput([
        {
          type: 'custom_tool_call',
          call_id: 'c1',
          name: 'apply_patch',
          input: '*** Begin Patch\n*** End Patch',
        },
        { type: 'function_call', call_id: 'c2', name: 'lookup', namespace: 'crm', arguments: '{}' },
        { type: 'custom_tool_call_output', call_id: 'c1', output: 'Done!' },
        { type: 'function_call_output', call_id: 'c2', output: '[]' },
      ]),
    ).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          call('c1', 'apply_patch', '{"input":"*** Begin Patch\\n*** End Patch"}'),
          call('c2', 'crm__lookup', '{}'),
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'Done!' },
      { role: 'tool', tool_call_id: 'c2', content: '[]' },
    ])
  })

  test('images of tool outputs follow all the results, as a user message', () => {
    const image = { type: 'input_image', image_url: `data:image/png;base64,${png}` }
    expect(
      fromResponsesInput([
        { type: 'function_call', call_id: 'c1', name: 'view_image', arguments: '{}' },
        { type: 'function_call', call_id: 'c2', name: 'view_image', arguments: '{}' },
        {
          type: 'function_call_output',
          call_id: 'c1',
          output: [{ type: 'input_text', text: 'one' }, image],
        },
        { type: 'function_call_output', call_id: 'c2', output: [image] },
        { role: 'user', content: 'Compare them' },
      ]),
    ).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [call('c1', 'view_image', '{}'), call('c2', 'view_image', '{}')],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'one' },
      { role: 'tool', tool_call_id: 'c2', content: '' },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
        ],
      },
      { role: 'user', content: 'Compare them' },
    ])
  })

  test('a call left unanswered gets an empty result before the conversation goes on', () => {
    expect(
      fromResponsesInput([
        { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
        { type: 'function_call', call_id: 'c2', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c2', output: 'two' },
        { role: 'user', content: 'Never mind' },
        { type: 'function_call', call_id: 'c3', name: 'f', arguments: '{}' },
      ]),
    ).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [call('c1', 'f', '{}'), call('c2', 'f', '{}')],
      },
      { role: 'tool', tool_call_id: 'c2', content: 'two' },
      { role: 'tool', tool_call_id: 'c1', content: '' },
      { role: 'user', content: 'Never mind' },
      { role: 'assistant', content: null, tool_calls: [call('c3', 'f', '{}')] },
      { role: 'tool', tool_call_id: 'c3', content: '' },
    ])
  })

  test.each([
    [{ type: 'function_call', name: 'f', arguments: '{}' }, 'input[0]: call_id is required'],
    [
      { type: 'function_call', call_id: 'c', name: 'f', arguments: { a: 1 } },
      'input[0]: arguments must be a string',
    ],
    [
      { type: 'function_call_output', call_id: 'c', output: [{ type: 'input_file' }] },
      'input[0]: content[0]: file inputs are not currently supported',
    ],
    [
      { type: 'custom_tool_call', call_id: 'c', name: 'apply_patch' },
      'input[0]: input is required',
    ],
  ])('%p → 400 %p', (item, message) => {
    expect(thrown(() => fromResponsesInput([item])).message).toBe(message)
  })
})
