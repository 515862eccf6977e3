import { expect, test } from 'bun:test'
import { healthUrl } from './health-url.ts'

test.each([
  ['0.0.0.0', 11434, 'http://127.0.0.1:11434/health'],
  ['::', 80, 'http://127.0.0.1:80/health'],
  ['[::]', 80, 'http://127.0.0.1:80/health'],
  ['', 8080, 'http://127.0.0.1:8080/health'],
  ['127.0.0.1', 11500, 'http://127.0.0.1:11500/health'],
  ['localhost', 1, 'http://localhost:1/health'],
  ['10.1.2.3', 2, 'http://10.1.2.3:2/health'],
  ['::1', 3, 'http://[::1]:3/health'],
  ['[::1]', 4, 'http://[::1]:4/health'],
])('host %p, port %p: %s', (host, port, url) => {
  expect(healthUrl(host, port)).toBe(url)
})
