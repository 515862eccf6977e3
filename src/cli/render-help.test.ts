import { describe, expect, test } from 'bun:test'
import { settingKeys } from '../config/find-setting.ts'
import { settings } from '../config/settings.ts'
import { renderHelp } from './render-help.ts'
import { renderUsage } from './render-usage.ts'

const help = renderHelp('1.2.3')
const lines = help.split('\n')

describe('renderHelp', () => {
  test('starts with the name and version', () => {
    expect(lines[0]).toBe('ollama-openai-proxy 1.2.3')
  })

  test('lists the commands and the options that are not settings', () => {
    for (const text of ['healthcheck', '[serve]', '--config <file>', '--demo', '-h, --help']) {
      expect(help).toContain(text)
    }
    expect(help).toContain('-v, --version')
  })

  test('lists every setting with its flag, env variable and default', () => {
    for (const key of settingKeys) {
      const { flag, env } = settings[key]
      const index = lines.findIndex((line) => new RegExp(`^  --(\\[no-\\])?${flag}\\b`).test(line))
      expect(index).toBeGreaterThan(0)
      expect(`${lines[index]} ${lines[index + 1]}`).toContain(`(env ${env}, default `)
    }
    expect(help).toContain('--port <number>  (env PORT, default 11434)')
    expect(help).toContain(
      '--base-url <text>\n      (env OPENAI_API_BASE_URL, default https://api.openai.com/v1)',
    )
    expect(help).toContain('--models <list>  (env MODELS, default none)')
    expect(help).toContain('--max-body-size <number>  (env MAX_BODY_SIZE, default 32MiB)')
    expect(help).toContain('--api-key <text>  (env OPENAI_API_KEY, default none)')
  })

  test('shows booleans with their --no- form', () => {
    expect(help).toContain('--[no-]docs  (env DOCS, default true)')
    expect(help).toContain('--[no-]stream-usage  (env STREAM_USAGE, default true)')
  })

  test('shows the file variant of secrets', () => {
    expect(help).toContain('--api-key-file <file>  (env OPENAI_API_KEY_FILE)')
  })

  test('includes every description, wrapped to 80 columns', () => {
    const flat = help.replace(/\n\s+/g, ' ')
    for (const key of settingKeys) expect(flat).toContain(settings[key].description)
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80)
  })

  test('states the precedence and the exit codes', () => {
    expect(help).toContain('flags > env variables > config file > defaults')
    expect(help.replace(/\n/g, ' ')).toContain('2 invalid flags or settings')
  })
})

test('renderUsage is one line pointing at --help', () => {
  expect(renderUsage()).toMatch(/^usage: ollama-openai-proxy .*--help.*\n$/)
  expect(renderUsage().trim().split('\n')).toHaveLength(1)
})
