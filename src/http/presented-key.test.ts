import { describe, expect, test } from 'bun:test'
import { presentedKey } from './presented-key.ts'

const key = (headers: Record<string, string>) => presentedKey(new Headers(headers))

describe('presentedKey', () => {
  test('reads a bearer token, whatever the case of the scheme', () => {
    expect(key({ authorization: 'Bearer sk-one' })).toBe('sk-one')
    expect(key({ authorization: 'bearer  sk-two ' })).toBe('sk-two')
    expect(key({ authorization: 'BEARER sk-three' })).toBe('sk-three')
  })

  test('reads x-api-key', () => {
    expect(key({ 'x-api-key': ' sk-four ' })).toBe('sk-four')
  })

  test('prefers the bearer token when both are sent', () => {
    expect(key({ authorization: 'Bearer sk-a', 'x-api-key': 'sk-b' })).toBe('sk-a')
  })

  test('falls back to x-api-key when Authorization is not a bearer token', () => {
    expect(key({ authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': 'sk-c' })).toBe('sk-c')
  })

  test.each([
    {},
    { authorization: 'Basic dXNlcjpwYXNz' },
    { authorization: 'Bearer' },
    { authorization: 'Bearer ' },
    { authorization: 'Bearer two words' },
    { authorization: 'sk-bare' },
    { 'x-api-key': '  ' },
  ] as Record<string, string>[])('finds no key in %p', (headers) => {
    expect(key(headers)).toBeUndefined()
  })
})
