import { describe, expect, test } from 'bun:test'
import { isLoopbackHost } from './is-loopback-host.ts'

describe('isLoopbackHost', () => {
  test.each([
    'localhost',
    'LocalHost',
    'localhost.',
    'app.localhost',
    '127.0.0.1',
    '127.1.2.3',
    '127.255.255.255',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    '[::ffff:127.0.0.2]',
  ])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true)
  })

  test.each([
    '',
    '0.0.0.0',
    '::',
    '[::]',
    '192.168.1.10',
    '10.0.0.1',
    '128.0.0.1',
    '127.0.0.256',
    '127.0.0',
    '127.0.0.1.nip.io',
    'x127.0.0.1',
    'localhost.evil.com',
    'evil-localhost',
    'mylocalhost',
    '::2',
    '::ffff:10.0.0.1',
    'example.com',
  ])('%p is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false)
  })
})
