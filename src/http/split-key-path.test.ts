import { describe, expect, test } from 'bun:test'
import { splitKeyPath } from './split-key-path.ts'

describe('splitKeyPath', () => {
  test.each([
    ['/k/sk-abc/api/chat', { key: 'sk-abc', path: '/api/chat' }],
    ['/k/sk-abc/v1/chat/completions', { key: 'sk-abc', path: '/v1/chat/completions' }],
    ['/k/sk-abc/', { key: 'sk-abc', path: '/' }],
    ['/k/sk-abc', { key: 'sk-abc', path: '/' }],
    ['/k/a%2Bb%3D/api/tags', { key: 'a+b=', path: '/api/tags' }],
    ['/k/bad%ZZ/api/tags', { key: 'bad%ZZ', path: '/api/tags' }],
    ['/k/x/k/y/api/tags', { key: 'x', path: '/k/y/api/tags' }],
  ])('splits %s', (path, expected) => {
    expect(splitKeyPath(path)).toEqual(expected)
  })

  test.each(['/api/chat', '/', '/k', '/k/', '/k//api/chat', '/kk/x/api', '/api/k/x/chat'])(
    'leaves %p alone',
    (path) => {
      expect(splitKeyPath(path)).toBeUndefined()
    },
  )
})
