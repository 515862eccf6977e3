import { describe, expect, test } from 'bun:test'
import { createOriginPolicy } from './is-origin-allowed.ts'

describe('createOriginPolicy: Ollama defaults', () => {
  const isAllowed = createOriginPolicy([])

  test.each([
    'http://localhost',
    'https://localhost',
    'http://localhost:3000',
    'http://127.0.0.1',
    'https://127.0.0.1:11434',
    'http://0.0.0.0:8080',
    'http://[::1]:5173',
    'app://obsidian.md',
    'file://',
    'tauri://localhost',
    'vscode-webview://1a2b3c',
    'vscode-file://vscode-app',
  ])('allows %s', (origin) => {
    expect(isAllowed(origin)).toBe(true)
  })

  test.each([
    'https://example.com',
    'http://localhost.evil.com',
    'http://evil-localhost',
    'http://127.0.0.1.nip.io',
    'http://localhost:abc',
    'http://localhost/',
    'ftp://localhost',
    'null',
    '',
    'http://192.168.1.10',
    'xhttp://localhost',
    'https://evil.example/http://localhost:3000',
    'evil:app://obsidian.md',
  ])('refuses %p', (origin) => {
    expect(isAllowed(origin)).toBe(false)
  })
})

describe('createOriginPolicy: configured origins', () => {
  test('allows an exact origin, ignoring case, and nothing else', () => {
    const isAllowed = createOriginPolicy(['https://chat.example.com'])
    expect(
      [
        'https://chat.example.com',
        'HTTPS://Chat.Example.com',
        'https://chat.example.com:8443',
        'http://chat.example.com',
      ].map((origin) => isAllowed(origin)),
    ).toEqual([true, true, false, false])
  })

  test('treats * as any characters', () => {
    const isAllowed = createOriginPolicy(['https://*.example.com'])
    expect(
      [
        'https://a.example.com',
        'https://a.b.example.com',
        'https://example.com',
        'https://a.example.org',
      ].map((origin) => isAllowed(origin)),
    ).toEqual([true, true, false, false])
  })

  test('allows every origin for "*"', () => {
    const isAllowed = createOriginPolicy(['*'])
    expect(['https://anything.test', 'null', ''].map((origin) => isAllowed(origin))).toEqual([
      true,
      true,
      true,
    ])
  })

  test('escapes regular-expression characters in configured origins', () => {
    const isAllowed = createOriginPolicy(['https://a.b', 'https://x+y.test'])
    expect(
      ['https://a.b', 'https://aXb', 'https://x+y.test', 'https://xxy.test'].map((origin) =>
        isAllowed(origin),
      ),
    ).toEqual([true, false, true, false])
  })

  test('anchors configured origins at both ends', () => {
    const isAllowed = createOriginPolicy(['https://chat.example.com'])
    expect(
      ['evil.https://chat.example.com', 'https://chat.example.com.evil.test'].map((origin) =>
        isAllowed(origin),
      ),
    ).toEqual([false, false])
  })

  test('keeps the defaults alongside configured origins', () => {
    const isAllowed = createOriginPolicy(['https://chat.example.com'])
    expect(isAllowed('http://localhost:3000')).toBe(true)
  })
})

describe('createOriginPolicy: pages this server served', () => {
  const isAllowed = createOriginPolicy([])

  test('allows an origin naming the Host the request was sent to', () => {
    expect(isAllowed('http://192.168.1.10:11434', '192.168.1.10:11434')).toBe(true)
    expect(isAllowed('https://proxy.example.com', 'proxy.example.com')).toBe(true)
    expect(isAllowed('http://Proxy.Example.com:8080', 'proxy.example.COM:8080')).toBe(true)
  })

  test.each([
    ['http://192.168.1.10:11434', '192.168.1.10:8080'],
    ['http://192.168.1.10', '192.168.1.10:11434'],
    ['https://evil.example', 'proxy.example.com'],
    ['http://proxy.example.com/path', 'proxy.example.com'],
    ['ftp://proxy.example.com', 'proxy.example.com'],
    ['null', 'null'],
    ['http://proxy.example.com', ''],
    ['http://proxy.example.com', null],
    ['http://proxy.example.com', undefined],
  ])('refuses %p sent to the Host %p', (origin, host) => {
    expect(isAllowed(origin, host)).toBe(false)
  })
})
