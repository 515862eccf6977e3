import { describe, expect, test } from 'bun:test'
import { settingKeys } from '../config/find-setting.ts'
import { settings } from '../config/settings.ts'
import { type CliArgs, parseArgs } from './parse-args.ts'
import { UsageError } from './usage-error.ts'

const defaults: CliArgs = {
  command: 'serve',
  help: false,
  version: false,
  configFile: undefined,
  values: {},
  secretFiles: {},
}

function usageError(argv: string[]): string {
  try {
    parseArgs(argv)
  } catch (error) {
    if (error instanceof UsageError) return error.message
    throw error
  }
  throw new Error('expected a UsageError')
}

describe('parseArgs', () => {
  test('serves by default', () => {
    expect(parseArgs([])).toEqual(defaults)
    expect(parseArgs(['serve'])).toEqual(defaults)
  })

  test('reads the healthcheck command, before or after flags', () => {
    expect(parseArgs(['healthcheck']).command).toBe('healthcheck')
    expect(parseArgs(['--port', '1', 'healthcheck'])).toMatchObject({
      command: 'healthcheck',
      values: { port: '1' },
    })
  })

  test('reads a value after the flag or after =', () => {
    expect(parseArgs(['--port', '11500']).values).toEqual({ port: '11500' })
    expect(parseArgs(['--port=11500']).values).toEqual({ port: '11500' })
    expect(parseArgs(['--base-url=http://x/v1?a=b']).values).toEqual({ baseUrl: 'http://x/v1?a=b' })
    expect(parseArgs(['--host=']).values).toEqual({ host: '' })
  })

  test('knows the flag of every setting', () => {
    for (const key of settingKeys) {
      const value = typeof settings[key].default === 'boolean' ? 'true' : 'x'
      expect(parseArgs([`--${settings[key].flag}=${value}`]).values).toEqual({ [key]: value })
    }
  })

  test('reads booleans as --docs, --no-docs and --docs=<value>', () => {
    expect(parseArgs(['--docs']).values).toEqual({ docs: 'true' })
    expect(parseArgs(['--no-docs']).values).toEqual({ docs: 'false' })
    expect(parseArgs(['--docs=false']).values).toEqual({ docs: 'false' })
    expect(parseArgs(['--no-stream-usage']).values).toEqual({ streamUsage: 'false' })
  })

  test('a boolean flag does not take the next argument', () => {
    expect(parseArgs(['--docs', 'healthcheck'])).toMatchObject({
      command: 'healthcheck',
      values: { docs: 'true' },
    })
  })

  test('lets the last of repeated flags win', () => {
    expect(parseArgs(['--port', '1', '--port', '2']).values).toEqual({ port: '2' })
    expect(parseArgs(['--no-docs', '--docs']).values).toEqual({ docs: 'true' })
  })

  test('--demo is --upstream demo', () => {
    expect(parseArgs(['--demo']).values).toEqual({ upstream: 'demo' })
    expect(parseArgs(['--upstream', 'openai', '--demo']).values).toEqual({ upstream: 'demo' })
  })

  test('reads --config', () => {
    expect(parseArgs(['--config', 'proxy.yaml']).configFile).toBe('proxy.yaml')
    expect(parseArgs(['--config=proxy.json']).configFile).toBe('proxy.json')
  })

  test('reads secret files, the later of --api-key and --api-key-file winning', () => {
    expect(parseArgs(['--api-key-file', '/run/secrets/key'])).toMatchObject({
      values: {},
      secretFiles: { apiKey: '/run/secrets/key' },
    })
    expect(parseArgs(['--api-key-file=/k', '--api-key', 'sk'])).toMatchObject({
      values: { apiKey: 'sk' },
      secretFiles: {},
    })
    expect(parseArgs(['--api-key', 'sk', '--api-key-file', '/k'])).toMatchObject({
      values: {},
      secretFiles: { apiKey: '/k' },
    })
  })

  test('reads -h/--help and -v/--version anywhere', () => {
    expect(parseArgs(['-h']).help).toBe(true)
    expect(parseArgs(['healthcheck', '--help']).help).toBe(true)
    expect(parseArgs(['-v']).version).toBe(true)
    expect(parseArgs(['--version']).version).toBe(true)
  })

  test.each([
    [['--bogus'], 'unknown flag --bogus'],
    [['--bogus=1'], 'unknown flag --bogus'],
    [['-x'], 'unknown flag -x'],
    [['--'], 'unknown flag --'],
    [['--no-port'], 'unknown flag --no-port'],
    [['--no-api-key-file'], 'unknown flag --no-api-key-file'],
    [['--port'], '--port needs a value'],
    [['--port', '--host', 'x'], '--port needs a value'],
    [['--config'], '--config needs a value'],
    [['--demo=yes'], '--demo takes no value'],
    [['--no-docs=true'], '--no-docs takes no value'],
    [['start'], 'unexpected argument "start"'],
    [['serve', 'healthcheck'], 'unexpected argument "healthcheck"'],
    [['-'], 'unexpected argument "-"'],
  ])('rejects %p: %s', (argv, message) => {
    expect(usageError(argv)).toBe(message)
  })
})
