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
      ].map(isAllowed),
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
      ].map(isAllowed),
    ).toEqual([true, true, false, false])
  })

  test('allows every origin for "*"', () => {
    const isAllowed = createOriginPolicy(['*'])
    expect(['https://anything.test', 'null', ''].map(isAllowed)).toEqual([true, true, true])
  })

  test('escapes regular-expression characters in configured origins', () => {
    const isAllowed = createOriginPolicy(['https://a.b', 'https://x+y.test'])
    expect(
      ['https://a.b', 'https://aXb', 'https://x+y.test', 'https://xxy.test'].map(isAllowed),
    ).toEqual([true, false, true, false])
  })

  test('keeps the defaults alongside configured origins', () => {
    const isAllowed = createOriginPolicy(['https://chat.example.com'])
    expect(isAllowed('http://localhost:3000')).toBe(true)
  })
})
