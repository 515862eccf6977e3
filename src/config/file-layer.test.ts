import { afterAll, describe, expect, test } from 'bun:test'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readConfigFile } from './file-layer.ts'
import { envLayer, loadConfig } from './load-config.ts'

const directory = mkdtempSync(join(tmpdir(), 'file-layer-test-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

function file(name: string, content: string): string {
  const path = join(directory, name)
  writeFileSync(path, content)
  return path
}

describe('readConfigFile', () => {
  test('reads YAML with keys in every spelling, values as text', () => {
    const path = file(
      'config.yaml',
      [
        '# settings for the proxy',
        'port: 11500',
        'base-url: http://localhost:8000/v1',
        'LOG_LEVEL: debug',
        'docs: false',
        'models: [gpt-4o, o3]',
        'corsOrigins:',
        '  - https://a.example',
        '  - https://b.example',
        'drainTimeout: 2.5',
        'host: null',
      ].join('\n'),
    )
    expect(readConfigFile(path).layer.values).toEqual({
      port: '11500',
      baseUrl: 'http://localhost:8000/v1',
      logLevel: 'debug',
      docs: 'false',
      models: 'gpt-4o,o3',
      corsOrigins: 'https://a.example,https://b.example',
      drainTimeout: '2.5',
    })
  })

  test('reads JSON by extension', () => {
    const path = file('config.json', '{ "port": 11600, "UPSTREAM": "demo", "stream-usage": true }')
    expect(readConfigFile(path).layer.values).toEqual({
      port: '11600',
      upstream: 'demo',
      streamUsage: 'true',
    })
  })

  test('parses through loadConfig, below env variables', () => {
    const path = file('layered.yml', 'port: 11500\nhost: 127.0.0.1\nmodels: [a, b]\n')
    const config = loadConfig([readConfigFile(path).layer, envLayer({ PORT: '11700' })])
    expect(config).toMatchObject({ port: 11700, host: '127.0.0.1', models: ['a', 'b'] })
  })

  test('names a bad value by file and key as written', () => {
    const path = file('bad-value.yaml', 'PORT: seventy\n')
    expect(() => loadConfig([readConfigFile(path).layer])).toThrow(
      'bad-value.yaml: PORT: expected an integer from 0 to 65535, got "seventy"',
    )
  })

  test('reads a secret from a file named relative to the config file', () => {
    mkdirSync(join(directory, 'secrets'), { recursive: true })
    file('secrets/key', 'sk-from-config\n')
    const path = file('with-secret.yaml', 'apiKeyFile: secrets/key\n')
    expect(readConfigFile(path).layer.values).toEqual({ apiKey: 'sk-from-config' })
  })

  test('an empty file sets nothing', () => {
    expect(readConfigFile(file('empty.yaml', '')).layer.values).toEqual({})
    expect(readConfigFile(file('comments.yaml', '# nothing yet\n')).layer.values).toEqual({})
  })

  test('returns the structured sections as found, beside the flat settings', () => {
    const path = file(
      'sections.yaml',
      [
        'port: 11500',
        'backends:',
        '  local: { base_url: http://vllm:8000/v1 }',
        'aliases:',
        '  coder: local/qwen',
        'fallbacks:',
        '  coder: [gpt-4o]',
      ].join('\n'),
    )
    const config = readConfigFile(path)
    expect(config.path).toBe(path)
    expect(config.layer.values).toEqual({ port: '11500' })
    expect(config.sections).toEqual({
      backends: { local: { base_url: 'http://vllm:8000/v1' } },
      aliases: { coder: 'local/qwen' },
      fallbacks: { coder: ['gpt-4o'] },
    })
  })

  test('lists unknown keys, duplicates and unusable values, one per line', () => {
    const path = file(
      'problems.yaml',
      'prot: 1\nport: 2\nPORT: 3\nmodels: { a: 1 }\nhost: [[nested]]\n',
    )
    expect(() => readConfigFile(path).layer).toThrow(
      [
        `${path}: unknown setting "prot"`,
        `${path}: "PORT" sets the same setting as "port"`,
        `${path}: models: expected a string, number, boolean or list of strings`,
        `${path}: host: expected a string, number, boolean or list of strings`,
      ].join('\n'),
    )
  })

  test('rejects a document that is not a mapping', () => {
    const path = file('list.yaml', '- port\n- 1\n')
    expect(() => readConfigFile(path).layer).toThrow(
      `${path}: expected a mapping of settings at the top level`,
    )
  })

  test('reports invalid YAML and JSON', () => {
    const yaml = file('broken.yaml', 'port: [1, 2\n')
    expect(() => readConfigFile(yaml).layer).toThrow(`${yaml}: not valid YAML: `)
    const json = file('broken.json', '{ "port": ')
    expect(() => readConfigFile(json).layer).toThrow(`${json}: not valid JSON: `)
  })

  test('reports a file it cannot read', () => {
    const path = join(directory, 'missing.yaml')
    expect(() => readConfigFile(path).layer).toThrow(`--config: cannot read ${path}: `)
  })
})
