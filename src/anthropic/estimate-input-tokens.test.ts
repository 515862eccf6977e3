import { describe, expect, test } from 'bun:test'
import { estimateInputTokens, tokensOfChars } from './estimate-input-tokens.ts'
import type { CountTokensRequest } from './schemas.ts'

describe('tokensOfChars', () => {
  test.each([
    [0, 0],
    [1, 1],
    [4, 1],
    [5, 2],
    [400, 100],
  ])('%p characters are %p tokens', (chars, tokens) => {
    expect(tokensOfChars(chars)).toBe(tokens)
  })
})

describe('estimateInputTokens', () => {
  test('counts roles and text: "user" + "Hello there" = 15 characters → 4 tokens', () => {
    expect(
      estimateInputTokens({ model: 'm', messages: [{ role: 'user', content: 'Hello there' }] }),
    ).toBe(4)
  })

  test('is at least 1', () => {
    expect(estimateInputTokens({ model: 'm', messages: [{ role: 'user', content: [] }] })).toBe(1)
  })

  test('counts system, text, thinking, tool calls, tool results and tools; not images', () => {
    const request: CountTokensRequest = {
      model: 'm',
      system: [{ type: 'text', text: 'x'.repeat(40) }], // 40
      messages: [
        {
          role: 'user', // 4
          content: [
            { type: 'text', text: 'y'.repeat(20) }, // 20
            {
              type: 'image',
              source: { type: 'base64', media_type: 'image/png', data: 'z'.repeat(4000) },
            },
            { type: 'document', source: { type: 'text', data: 'd'.repeat(8) } }, // 8
            { type: 'document', source: { type: 'base64', data: 'p'.repeat(800) } },
          ],
        },
        {
          role: 'assistant', // 9
          content: [
            { type: 'thinking', thinking: 't'.repeat(11) }, // 11
            { type: 'tool_use', id: 'c1', name: 'read', input: { path: 'a' } }, // 4 + 12
            { type: 'redacted_thinking', data: 'r'.repeat(100) } as never,
          ],
        },
        {
          role: 'user', // 4
          content: [
            { type: 'tool_result', tool_use_id: 'c1', content: 'abc' }, // 3
            {
              type: 'tool_result',
              tool_use_id: 'c2',
              content: [
                { type: 'text', text: 'defg' }, // 4
                { type: 'image', source: { type: 'url', url: 'https://example.com/i.png' } },
              ],
            },
            { type: 'tool_result', tool_use_id: 'c3' },
          ],
        },
      ],
      tools: [
        { name: 'read', description: 'Reads', input_schema: { type: 'object' } }, // 4 + 5 + 17
        { name: 'now' }, // 3 + 2
      ],
    }
    // 40 + 4 + 20 + 8 + 9 + 11 + 16 + 4 + 3 + 4 + 26 + 5 = 150 → 38
    expect(estimateInputTokens(request)).toBe(38)
  })

  test('counts a string system prompt', () => {
    expect(
      estimateInputTokens({
        model: 'm',
        system: 's'.repeat(16),
        messages: [{ role: 'user', content: 'abcd' }],
      }),
    ).toBe(6)
  })
})
