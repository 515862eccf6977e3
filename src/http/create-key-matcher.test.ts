import { describe, expect, test } from 'bun:test'
import { createKeyMatcher } from './create-key-matcher.ts'

const keys = [
  { name: 'alice', key: 'sk-alice-0123456789abcdef' },
  { name: 'key-2', key: 'sk-second-0123456789abcdef' },
]

describe('createKeyMatcher', () => {
  const match = createKeyMatcher(keys)

  test('names the client whose key it is', () => {
    expect(match('sk-alice-0123456789abcdef')).toBe('alice')
    expect(match('sk-second-0123456789abcdef')).toBe('key-2')
  })

  test.each([
    'sk-alice-0123456789abcde',
    'sk-alice-0123456789abcdeff',
    'SK-ALICE-0123456789ABCDEF',
    '',
    ' sk-alice-0123456789abcdef',
  ])('knows no client for %p', (presented) => {
    expect(match(presented)).toBeUndefined()
  })

  test('matches nothing when no key is configured', () => {
    expect(createKeyMatcher([])('sk-alice-0123456789abcdef')).toBeUndefined()
  })
})
