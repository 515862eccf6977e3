import { beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import packageJson from '../../package.json' with { type: 'json' }
import { settings } from '../../src/config/settings.ts'
import { hostBinary, run } from './support.ts'

let binary: string
beforeAll(async () => {
  binary = await hostBinary()
}, 120_000)

const usageLine = /^usage: ollama-openai-proxy \[serve\|healthcheck\]/

describe('the binary as a CLI', () => {
  test('--version and -v print the package version', async () => {
    for (const flag of ['--version', '-v']) {
      const result = await run(binary, [flag])
      expect(result).toMatchObject({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' })
    }
  })

  test('--help and -h list every flag and env variable with its default', async () => {
    for (const flag of ['--help', '-h']) {
      const result = await run(binary, [flag])
      expect(result.code).toBe(0)
      expect(result.stderr).toBe('')
      for (const setting of Object.values(settings)) {
        const shown =
          typeof setting.default === 'boolean' ? `--[no-]${setting.flag}` : `--${setting.flag} <`
        expect(result.stdout).toContain(shown)
        expect(result.stdout).toContain(`env ${setting.env}, default`)
      }
      expect(result.stdout).toContain('healthcheck')
      expect(result.stdout).toContain('--config <file>')
    }
  })

  test('an unknown flag: one line of error plus usage, exit 2', async () => {
    const result = await run(binary, ['--prot', '11500'])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    const lines = result.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toBe('ollama-openai-proxy: unknown flag --prot')
    expect(lines[1]).toMatch(usageLine)
  })

  test('an invalid value, from a flag or from the environment: exit 2, naming its source', async () => {
    const flag = await run(binary, ['--port', '99999'])
    expect(flag.code).toBe(2)
    expect(flag.stderr).toStartWith(
      'ollama-openai-proxy: --port: expected an integer from 0 to 65535, got "99999"\n',
    )
    expect(flag.stderr.trimEnd().split('\n').at(-1)).toMatch(usageLine)
    const env = await run(binary, ['healthcheck'], { LOG_LEVEL: 'loud' })
    expect(env.code).toBe(2)
    expect(env.stderr).toStartWith('ollama-openai-proxy: LOG_LEVEL: expected one of debug')
  })

  test('an invalid config file: exit 2, naming the file and key', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'binary-cli-test-'))
    const path = join(directory, 'proxy.yaml')
    writeFileSync(path, 'drain-timeout: soon\n')
    const result = await run(binary, ['--config', path])
    expect(result.code).toBe(2)
    expect(result.stderr).toStartWith(
      'ollama-openai-proxy: proxy.yaml: drain-timeout: expected a number of seconds',
    )
    const missing = await run(binary, ['--config', join(directory, 'nope.yaml')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toStartWith('ollama-openai-proxy: --config: cannot read ')
  })

  test('an unexpected argument: exit 2', async () => {
    const result = await run(binary, ['start'])
    expect(result.code).toBe(2)
    expect(result.stderr).toStartWith('ollama-openai-proxy: unexpected argument "start"\n')
  })
})
