import { describe, expect, test } from 'bun:test'
import { createRedactor } from './create-redactor.ts'
import { OllamaError } from './ollama-error.ts'
import { redactError } from './redact-error.ts'

const redact = createRedactor(['sk-secret'])

describe('redactError', () => {
  test('returns the same error when its message holds no secret', () => {
    const error = new OllamaError(502, 'upstream error')
    expect(redactError(error, redact)).toBe(error)
  })

  test('copies status, kind and headers, with the secret removed from the message', () => {
    const cause = new Error('x')
    const error = new OllamaError(429, 'key sk-secret is rate limited', {
      headers: { 'retry-after': '2' },
      kind: 'rate_limited',
      cause,
    })
    const redacted = redactError(error, redact)
    expect([
      redacted.status,
      redacted.kind,
      redacted.message,
      redacted.headers,
      redacted.cause,
    ]).toEqual([
      429,
      'rate_limited',
      'key [redacted] is rate limited',
      { 'retry-after': '2' },
      cause,
    ])
  })
})
