import { expect, test } from 'bun:test'
import { errorDialectFor } from './error-dialect-for.ts'

test.each([
  ['/v1/chat/completions', 'openai'],
  ['/v1/models/x', 'openai'],
  ['/v1/responses', 'openai'],
  ['/v1/messages', 'anthropic'],
  ['/v1/messages/count_tokens', 'anthropic'],
  ['/v1/messagesx', 'openai'],
  ['/api/chat', 'ollama'],
  ['/', 'ollama'],
  ['/v1', 'ollama'],
  ['/v10/x', 'ollama'],
  ['/api/v1/x', 'ollama'],
] as const)('%s answers errors in the %s shape', (path, dialect) => {
  expect(errorDialectFor(path)).toBe(dialect)
})
