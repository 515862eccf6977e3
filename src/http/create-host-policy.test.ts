import { describe, expect, test } from 'bun:test'
import { createHostPolicy } from './create-host-policy.ts'

describe('createHostPolicy: listening on loopback', () => {
  const isAllowed = createHostPolicy('127.0.0.1', [])

  test.each([
    'localhost:11434',
    'localhost',
    'LOCALHOST:11434',
    'app.localhost:3000',
    '127.0.0.1:11434',
    '127.0.0.2',
    '[::1]:11434',
    '[::1]',
    '0.0.0.0:11434',
    '[::]:11434',
    '',
    null,
  ])('allows the Host %p', (host) => {
    expect(isAllowed(host)).toBe(true)
  })

  test.each([
    'evil.example:11434',
    'evil.example',
    '127.0.0.1.nip.io:11434',
    'localhost.evil.example',
    '192.168.1.10:11434',
    '[::2]:11434',
    'localhost:11434.evil.example',
  ])('refuses the Host %p', (host) => {
    expect(isAllowed(host)).toBe(false)
  })

  test('applies to every loopback listening address', () => {
    for (const listen of ['localhost', '::1', '127.0.0.5']) {
      expect(createHostPolicy(listen, [])('evil.example')).toBe(false)
    }
  })
})

describe('createHostPolicy: ALLOWED_HOSTS', () => {
  test('adds exact names, ignoring case and port, and * wildcards', () => {
    const isAllowed = createHostPolicy('127.0.0.1', ['proxy.lan', '*.internal.example'])
    expect(
      [
        'proxy.lan:11434',
        'PROXY.LAN',
        'a.internal.example',
        'a.b.internal.example:80',
        'internal.example',
        'proxy.lan.evil.example',
        'xproxy.lan',
      ].map(isAllowed),
    ).toEqual([true, true, true, true, false, false, false])
  })

  test('escapes regular-expression characters', () => {
    const isAllowed = createHostPolicy('127.0.0.1', ['a.b'])
    expect(['a.b', 'aXb'].map(isAllowed)).toEqual([true, false])
  })

  test('allows every Host for "*"', () => {
    expect(createHostPolicy('127.0.0.1', ['*'])('evil.example')).toBe(true)
  })
})

describe('createHostPolicy: listening on a network address', () => {
  test.each(['0.0.0.0', '::', '192.168.1.10', ''])(
    'allows any Host when listening on %p',
    (listen) => {
      expect(createHostPolicy(listen, [])('evil.example')).toBe(true)
    },
  )
})
