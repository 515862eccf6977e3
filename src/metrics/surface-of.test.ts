import { expect, test } from 'bun:test'
import { surfaceOf } from './surface-of.ts'

test.each([
  ['/', 'ollama'],
  ['/api/chat', 'ollama'],
  ['/v1/chat/completions', 'openai'],
  ['/v1/models/gpt-4o', 'openai'],
  ['/v1/messages', 'anthropic'],
  ['/v1/messages/count_tokens', 'anthropic'],
  ['/v1/responses', 'responses'],
  ['/metrics', 'ops'],
  ['/health/ready', 'ops'],
  ['/swagger', 'other'],
])('%s is on the %s surface', (path, surface) => {
  expect(surfaceOf(path)).toBe(surface)
})
