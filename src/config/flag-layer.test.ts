import { afterAll, expect, test } from 'bun:test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { flagLayer } from './flag-layer.ts'
import { loadConfig } from './load-config.ts'

const directory = mkdtempSync(join(tmpdir(), 'flag-layer-test-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

test('passes the raw values on and names them by flag', () => {
  const layer = flagLayer({ values: { port: '11500', docs: 'false' }, secretFiles: {} })
  expect(layer.values).toEqual({ port: '11500', docs: 'false' })
  expect(layer.describe('port')).toBe('--port')
  expect(layer.describe('baseUrl')).toBe('--base-url')
})

test('reads a secret from the file --<flag>-file names', () => {
  const path = join(directory, 'key')
  writeFileSync(path, 'sk-from-flag-file\n')
  const layer = flagLayer({ values: {}, secretFiles: { apiKey: path } })
  expect(layer.values).toEqual({ apiKey: 'sk-from-flag-file' })
})

test('fails with a ConfigError naming the flag when the file cannot be read', () => {
  const path = join(directory, 'missing')
  expect(() => flagLayer({ values: {}, secretFiles: { apiKey: path } })).toThrow(
    `--api-key-file: cannot read ${path}`,
  )
})

test('its problems are reported by flag name', () => {
  const layer = flagLayer({ values: { port: 'abc' }, secretFiles: {} })
  expect(() => loadConfig([layer])).toThrow(
    '--port: expected an integer from 0 to 65535, got "abc"',
  )
})
