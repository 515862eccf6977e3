import { describe, expect, test } from 'bun:test'
import { toChatRequest } from './to-chat-request.ts'

describe('toChatRequest', () => {
  test('turns the system prompt and the prompt into a system and a user message', () => {
    expect(
      toChatRequest({ model: 'llama3.2', system: 'Be brief.', prompt: 'Why is the sky blue?' }),
    ).toEqual({
      model: 'llama3.2',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Why is the sky blue?' },
      ],
    })
  })

  test('sends only the user message without a system prompt', () => {
    for (const system of [undefined, '']) {
      expect(toChatRequest({ model: 'm', prompt: 'Hi', system }).messages).toEqual([
        { role: 'user', content: 'Hi' },
      ])
    }
  })

  test('puts the images on the user message', () => {
    expect(
      toChatRequest({ model: 'm', prompt: 'What is it?', images: ['aaaa', 'bbbb'] }).messages,
    ).toEqual([{ role: 'user', content: 'What is it?', images: ['aaaa', 'bbbb'] }])
  })

  test('sends an absent prompt as ""', () => {
    expect(toChatRequest({ model: 'm' }).messages).toEqual([{ role: 'user', content: '' }])
  })

  test('carries over every field chat knows, and drops the generate-only ones', () => {
    const format = { type: 'object' }
    expect(
      toChatRequest({
        model: 'm',
        prompt: 'p',
        format,
        options: { temperature: 0.1 },
        think: 'high',
        logprobs: true,
        top_logprobs: 2,
        keep_alive: '1h',
        stream: false,
        template: '{{ .Prompt }}',
        context: [1, 2],
        raw: false,
        truncate: true,
      }),
    ).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'p' }],
      format,
      options: { temperature: 0.1 },
      think: 'high',
      logprobs: true,
      top_logprobs: 2,
      keep_alive: '1h',
      stream: false,
    })
  })
})
