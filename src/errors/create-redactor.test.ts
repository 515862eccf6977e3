import { describe, expect, test } from 'bun:test'
import { createRedactor } from './create-redactor.ts'

describe('createRedactor', () => {
  test('replaces every occurrence of every secret', () => {
    const redact = createRedactor(['sk-live-123', 'hunter22'])
    expect(redact('Bearer sk-live-123 refused; key sk-live-123; pass hunter22')).toBe(
      'Bearer [redacted] refused; key [redacted]; pass [redacted]',
    )
  })

  test('removes a secret that contains another one whole', () => {
    const redact = createRedactor(['pass', 'user:pass'])
    expect(redact('http://user:pass@host')).toBe('http://[redacted]@host')
  })

  test('leaves text alone without secrets, and ignores empty and very short ones', () => {
    expect(createRedactor([])('a b')).toBe('a b')
    expect(createRedactor(['', 'ab'])('ab cd')).toBe('ab cd')
  })
})

test('redacts secrets added to its list later', () => {
  const secrets = ['first-secret']
  const redact = createRedactor(secrets)
  expect(redact('first-secret second-secret')).toBe('[redacted] second-secret')
  secrets.push('second-secret')
  expect(redact('first-secret second-secret')).toBe('[redacted] [redacted]')
})
