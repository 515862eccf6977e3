import { describe, expect, test } from 'bun:test'
import { fromAnthropicConversation } from './from-anthropic-conversation.ts'
import type { InputMessage } from './schemas.ts'

const png = { type: 'base64' as const, media_type: 'image/png', data: 'iVBORw0KGgo=' }

describe('fromAnthropicConversation: text', () => {
  test('turns string contents into user and assistant messages', () => {
    expect(
      fromAnthropicConversation([
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'How are you?' },
      ]),
    ).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'How are you?' },
    ])
  })

  test('joins text blocks with a blank line, ignoring cache_control', () => {
    expect(
      fromAnthropicConversation([
        {
          role: 'user',
          content: [
            { type: 'text', text: '<system-reminder>Be brief.</system-reminder>' },
            { type: 'text', text: 'Fix the bug', cache_control: { type: 'ephemeral' } },
          ],
        } as InputMessage,
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Done.' },
            { type: 'text', text: 'Anything else?' },
          ],
        },
      ]),
    ).toEqual([
      { role: 'user', content: '<system-reminder>Be brief.</system-reminder>\n\nFix the bug' },
      { role: 'assistant', content: 'Done.\n\nAnything else?' },
    ])
  })

  test('sends text documents as text and drops other documents and unknown blocks', () => {
    expect(
      fromAnthropicConversation([
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Notes' } },
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf' } },
            { type: 'search_result', title: 'x' },
            { type: 'text', text: 'Summarise' },
          ],
        } as InputMessage,
      ]),
    ).toEqual([{ role: 'user', content: 'Notes\n\nSummarise' }])
  })

  test('skips messages left with nothing: only thinking, empty text, only unknown blocks', () => {
    expect(
      fromAnthropicConversation([
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Hmm.', signature: '' },
            { type: 'redacted_thinking', data: 'abc' },
          ],
        } as InputMessage,
        { role: 'user', content: '' },
        { role: 'user', content: [{ type: 'server_tool_use', id: 'srvtoolu_1' }] } as InputMessage,
        { role: 'user', content: 'Again' },
      ]),
    ).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'user', content: 'Again' },
    ])
  })

  test('does not send thinking back, with or without a signature', () => {
    expect(
      fromAnthropicConversation([
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Greeting.' },
            { type: 'text', text: 'Hello!' },
          ],
        },
      ]),
    ).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
    ])
  })
})

describe('fromAnthropicConversation: images', () => {
  test('sends base64 images as data URLs and URL images as they are, in block order', () => {
    expect(
      fromAnthropicConversation([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare' },
            { type: 'image', source: png },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          ],
        },
      ]),
    ).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
        ],
      },
    ])
  })

  test('refuses data that is not base64 with a 400 naming the image', () => {
    const convert = () =>
      fromAnthropicConversation([
        { role: 'user', content: [{ type: 'image', source: { ...png, data: 'not base64!' } }] },
      ])
    expect(convert).toThrow('invalid image: expected base64-encoded image data')
  })

  test('does not send images of assistant messages', () => {
    expect(
      fromAnthropicConversation([
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Here' },
            { type: 'image', source: png },
          ],
        },
      ]),
    ).toEqual([{ role: 'assistant', content: 'Here' }])
  })
})

describe('fromAnthropicConversation: tool calls and results', () => {
  const call = (id: string, name: string, input: object) =>
    ({ type: 'tool_use', id, name, input }) as const

  test('sends tool_use as tool_calls with JSON arguments in key order, content null without text', () => {
    expect(
      fromAnthropicConversation([
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: [
            call('call_a', 'get_weather', { city: 'Paris', unit: 'C' }),
            call('call_b', 'get_weather', { unit: 'C', city: 'Rome' }),
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_a', content: '18 °C' },
            { type: 'tool_result', tool_use_id: 'call_b', content: '24 °C' },
          ],
        },
      ]),
    ).toEqual([
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_a',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"C"}' },
          },
          {
            id: 'call_b',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"unit":"C","city":"Rome"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: '18 °C' },
      { role: 'tool', tool_call_id: 'call_b', content: '24 °C' },
    ])
  })

  test('keeps the assistant text with its calls; a call without input gets {}', () => {
    expect(
      fromAnthropicConversation([
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'c1', name: 'now' },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c1', content: '12:00' }] },
      ]),
    ).toEqual([
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'now', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: '12:00' },
    ])
  })

  test("puts a turn's tool results before its own text, whatever the block order", () => {
    expect(
      fromAnthropicConversation([
        { role: 'assistant', content: [call('c1', 'read_file', { path: 'a.ts' })] },
        {
          role: 'user',
          content: [
            { type: 'text', text: '<system-reminder>The file changed.</system-reminder>' },
            { type: 'tool_result', tool_use_id: 'c1', content: 'export {}' },
            { type: 'text', text: 'Now fix it' },
          ],
        },
      ]),
    ).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'c1',
            type: 'function',
            function: { name: 'read_file', arguments: '{"path":"a.ts"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'export {}' },
      {
        role: 'user',
        content: '<system-reminder>The file changed.</system-reminder>\n\nNow fix it',
      },
    ])
  })

  test('joins text blocks of a result, marks errors, and takes absent content as empty', () => {
    expect(
      fromAnthropicConversation([
        {
          role: 'assistant',
          content: [call('c1', 'a', {}), call('c2', 'b', {}), call('c3', 'c', {})],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'c1',
              content: [
                { type: 'text', text: 'line 1' },
                { type: 'text', text: 'line 2' },
              ],
            },
            {
              type: 'tool_result',
              tool_use_id: 'c2',
              content: 'The user rejected this tool use',
              is_error: true,
            },
            { type: 'tool_result', tool_use_id: 'c3' },
          ],
        },
      ]).slice(1),
    ).toEqual([
      { role: 'tool', tool_call_id: 'c1', content: 'line 1\n\nline 2' },
      { role: 'tool', tool_call_id: 'c2', content: 'Error: The user rejected this tool use' },
      { role: 'tool', tool_call_id: 'c3', content: '' },
    ])
  })

  test('sends images of a tool result in the user message that follows the results', () => {
    expect(
      fromAnthropicConversation([
        { role: 'assistant', content: [call('c1', 'screenshot', {})] },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'c1',
              content: [
                { type: 'text', text: 'Captured.' },
                { type: 'image', source: png },
              ],
            },
            { type: 'text', text: 'What do you see?' },
          ],
        },
      ]).slice(1),
    ).toEqual([
      { role: 'tool', tool_call_id: 'c1', content: 'Captured.' },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'text', text: 'What do you see?' },
        ],
      },
    ])
  })

  test('answers calls left without a result with an empty one, before the conversation goes on', () => {
    expect(
      fromAnthropicConversation([
        { role: 'assistant', content: [call('c1', 'a', {}), call('c2', 'b', {})] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'c2', content: 'two' },
            { type: 'text', text: 'Stop' },
          ],
        },
        { role: 'assistant', content: [call('c3', 'c', {})] },
      ]).slice(1),
    ).toEqual([
      { role: 'tool', tool_call_id: 'c2', content: 'two' },
      { role: 'tool', tool_call_id: 'c1', content: '' },
      { role: 'user', content: 'Stop' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c3', type: 'function', function: { name: 'c', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c3', content: '' },
    ])
  })

  test('answers pending calls before a following assistant message', () => {
    expect(
      fromAnthropicConversation([
        { role: 'assistant', content: [call('c1', 'a', {})] },
        { role: 'assistant', content: 'Never mind.' },
      ]).slice(1),
    ).toEqual([
      { role: 'tool', tool_call_id: 'c1', content: '' },
      { role: 'assistant', content: 'Never mind.' },
    ])
  })
})
