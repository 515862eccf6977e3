import { describe, expect, test } from 'bun:test'
import { toRouteDefaults } from '../backends/to-route-defaults.ts'
import type { ChatGenerationRequest, CompletionGenerationRequest } from './generation-request.ts'
import { withRouteDefaults } from './with-route-defaults.ts'

const chat: ChatGenerationRequest = {
  kind: 'chat',
  model: 'coder',
  messages: [{ role: 'user', content: 'hi' }],
  sampling: { temperature: 0.9, stop: ['END'] },
}
const defaults = toRouteDefaults({ temperature: 0.2, top_p: 0.8, num_predict: 100, think: 'high' })

describe('withRouteDefaults', () => {
  test("fills in what the request does not say; the request's own values win", () => {
    expect(withRouteDefaults(chat, defaults)).toEqual({
      ...chat,
      sampling: { temperature: 0.9, topP: 0.8, maxTokens: 100, stop: ['END'] },
      think: 'high',
    })
    expect(withRouteDefaults({ ...chat, think: false }, defaults).think).toBe(false)
  })

  test('a sampling value the request leaves undefined does not hide the default', () => {
    const request = { ...chat, sampling: { temperature: undefined } }
    expect(withRouteDefaults(request as ChatGenerationRequest, defaults).sampling.temperature).toBe(
      0.2,
    )
  })

  test('a completion gets the sampling defaults, and no think', () => {
    const completion: CompletionGenerationRequest = {
      kind: 'completion',
      model: 'coder',
      prompt: 'def',
      sampling: {},
    }
    expect(withRouteDefaults(completion, defaults)).toEqual({
      ...completion,
      sampling: { temperature: 0.2, topP: 0.8, maxTokens: 100 },
    })
  })

  test('without defaults, the request itself', () => {
    expect(withRouteDefaults(chat, undefined)).toBe(chat)
  })
})
