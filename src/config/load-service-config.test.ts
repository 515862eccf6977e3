import { afterAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadServiceConfig } from './load-service-config.ts'

const directory = mkdtempSync(join(tmpdir(), 'service-config-test-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

function file(name: string, lines: string[]): string {
  const path = join(directory, name)
  writeFileSync(path, lines.join('\n'))
  return path
}

const noFlags = { values: {}, secretFiles: {} }

describe('loadServiceConfig', () => {
  test('without a file: the settings, and the backend default they describe', () => {
    const { config, routing } = loadServiceConfig({
      configFile: undefined,
      env: { OPENAI_API_KEY: 'sk-x', MODEL_ALIASES: 'claude-haiku-4-5=gpt-4o-mini' },
      flags: { values: { port: '11500' }, secretFiles: {} },
    })
    expect(config.port).toBe(11500)
    expect(routing.backends.map((backend) => [backend.id, backend.apiKey])).toEqual([
      ['default', 'sk-x'],
    ])
    expect(routing.aliases).toEqual([{ name: 'claude-haiku-4-5', target: 'gpt-4o-mini' }])
  })

  test("a file's backends, with default first when a flat backend setting is given anywhere", () => {
    const path = file('two.yaml', [
      'models-cache-ttl: 5',
      'backends:',
      '  local: { base_url: "http://vllm:8000/v1", api_key_env: VLLM_KEY }',
      'aliases:',
      '  coder: local/qwen',
    ])
    const only = loadServiceConfig({ configFile: path, env: { VLLM_KEY: 'k' }, flags: noFlags })
    expect(only.routing.backends.map((backend) => backend.id)).toEqual(['local'])
    expect(only.routing.backends[0]?.modelsCacheTtlMs).toBe(5_000)
    const withDefault = loadServiceConfig({
      configFile: path,
      env: { VLLM_KEY: 'k', OPENAI_API_BASE_URL: 'http://other/v1' },
      flags: noFlags,
    })
    expect(withDefault.routing.backends.map((backend) => backend.id)).toEqual(['default', 'local'])
  })

  test('problems of the structured sections name the file', () => {
    const path = file('bad.yaml', ['backends:', '  local: { base_url: nope }'])
    expect(() => loadServiceConfig({ configFile: path, env: {}, flags: noFlags })).toThrow(
      `${path}: backends.local.base_url: expected an http:// or https:// URL`,
    )
  })
})
