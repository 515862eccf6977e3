import { afterAll, expect, test } from 'bun:test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError } from './config-error.ts'
import { readSecretFile } from './read-secret-file.ts'

const directory = mkdtempSync(join(tmpdir(), 'read-secret-file-test-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

test('returns the file content without surrounding whitespace', () => {
  const path = join(directory, 'key')
  writeFileSync(path, 'sk-secret\n')
  expect(readSecretFile('OPENAI_API_KEY_FILE', path)).toBe('sk-secret')
})

test('throws a ConfigError naming where the path came from', () => {
  const path = join(directory, 'missing')
  expect(() => readSecretFile('--api-key-file', path)).toThrow(ConfigError)
  expect(() => readSecretFile('--api-key-file', path)).toThrow(
    `--api-key-file: cannot read ${path}: `,
  )
})
