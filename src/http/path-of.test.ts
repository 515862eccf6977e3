import { expect, test } from 'bun:test'
import { pathOf } from './path-of.ts'

test.each([
  ['http://127.0.0.1:11434/api/chat', '/api/chat'],
  ['http://localhost/api/tags?x=1&y=/z', '/api/tags'],
  ['https://[::1]:8080/k/sk-abc/v1/models', '/k/sk-abc/v1/models'],
  ['http://localhost/', '/'],
  ['http://localhost', '/'],
  ['http://localhost?x', '/'],
])('the path of %s is %s', (url, path) => {
  expect(pathOf(url)).toBe(path)
})
