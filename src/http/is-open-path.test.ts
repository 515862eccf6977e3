import { describe, expect, test } from 'bun:test'
import { isHealthPath, isOpenPath } from './is-open-path.ts'

describe('isOpenPath', () => {
  test.each(['/', '/health', '/health/ready', '/swagger', '/swagger/json', '/swagger/assets/x.js'])(
    '%s needs no key',
    (path) => {
      expect(isOpenPath(path)).toBe(true)
    },
  )

  test.each([
    '/api/chat',
    '/api/version',
    '/api/tags',
    '/v1/models',
    '/v1/chat/completions',
    '/healthz',
    '/swaggerx',
    '/api/health',
    '//',
    '',
  ])('%p needs a key', (path) => {
    expect(isOpenPath(path)).toBe(false)
  })
})

describe('isHealthPath', () => {
  test('is true for the health checks only', () => {
    expect(['/health', '/health/ready', '/healthz', '/', '/swagger'].map(isHealthPath)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ])
  })
})
