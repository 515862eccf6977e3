import { describe, expect, test } from 'bun:test'
import { parseClientKeys } from './parse-client-keys.ts'

const alice = 'sk-alice-0123456789abcdef'
const bob = 'bob+key=0123456789ABCDEF'

function refusal(text: string): string {
  try {
    parseClientKeys(text)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('expected the keys to be refused')
}

describe('parseClientKeys', () => {
  test('reads no keys from an empty text', () => {
    expect(parseClientKeys('')).toEqual([])
    expect(parseClientKeys(' , \n\n')).toEqual([])
  })

  test('labels unnamed keys by position, in a comma-separated list', () => {
    expect(parseClientKeys(`${alice}, ${bob}`)).toEqual([
      { name: 'key-1', key: alice },
      { name: 'key-2', key: bob },
    ])
  })

  test('reads name:key entries, one per line, skipping comments and blank lines', () => {
    const file = `# team keys\n\nalice: ${alice}\r\n  # retired: x\nci-bot@example:${bob}\n`
    expect(parseClientKeys(file)).toEqual([
      { name: 'alice', key: alice },
      { name: 'ci-bot@example', key: bob },
    ])
  })

  test('mixes named and unnamed keys; a label counts every entry', () => {
    expect(parseClientKeys(`alice:${alice}\n${bob}`)).toEqual([
      { name: 'alice', key: alice },
      { name: 'key-2', key: bob },
    ])
  })

  test.each([
    ['short-key', 'entry 1: a key must be at least 16'],
    [`${alice}, has space inside 123456`, 'entry 2: a key must be at least 16'],
    [`alice:${alice}/path`, 'entry 1 (alice): a key must be at least 16'],
    [`alice:${alice}:more`, 'entry 1 (alice): a key must be at least 16'],
    [`al ice:${alice}`, 'entry 1: a name (before ":") must be 1 to 64 of A-Z a-z 0-9 . _ @ -'],
    [`:${alice}`, 'entry 1: a name (before ":") must be 1 to 64 of A-Z a-z 0-9 . _ @ -'],
  ])('refuses %p', (text, message) => {
    expect(refusal(text)).toStartWith(message)
  })

  test('never quotes a key in its messages', () => {
    expect(refusal('name:tooshort')).not.toContain('tooshort')
  })

  test('refuses two keys with one name, and one key twice', () => {
    expect(refusal(`a:${alice}\na:${bob}`)).toBe('the name a is given to two keys')
    expect(refusal(`a:${alice}\nb:${alice}`)).toBe('a key is listed twice (the second time as b)')
    expect(refusal(`key-2:${alice}\n${bob}`)).toBe('the name key-2 is given to two keys')
  })
})
