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

  test('redacts a secret cut short from its 12th character on, and leaves shorter parts', () => {
    const key = 'sk-proj-SECRETSECRETSECRET0123456789'
    const redact = createRedactor([key])
    expect(redact(`Bearer ${key.slice(0, 30)}…`)).toBe('Bearer [redacted]…')
    expect(redact(`a ${key.slice(0, 12)}`)).toBe('a [redacted]')
    expect(redact(`a ${key.slice(0, 11)} b ${key}c`)).toBe(`a ${key.slice(0, 11)} b [redacted]c`)
    expect(redact(`${key.slice(0, 15)}X ${key}`)).toBe('[redacted]X [redacted]')
  })

  test('a secret shorter than 12 characters is redacted whole only', () => {
    const redact = createRedactor(['hunter22'])
    expect(redact('hunter2 hunter22')).toBe('hunter2 [redacted]')
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
