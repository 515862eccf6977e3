import { describe, expect, test } from 'bun:test'
import { type SettingKey, settings } from './settings.ts'

function parseError(key: SettingKey, text: string): string {
  try {
    settings[key].parse(text)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error(`expected ${key} to refuse ${JSON.stringify(text)}`)
}

describe('settings', () => {
  test('names every env variable and flag once', () => {
    const all = Object.values(settings)
    expect(new Set(all.map((setting) => setting.env)).size).toBe(all.length)
    expect(new Set(all.map((setting) => setting.flag)).size).toBe(all.length)
  })

  test('marks only the upstream and client API keys as secret', () => {
    const secret = Object.entries(settings)
      .filter(([, setting]) => 'secret' in setting && setting.secret)
      .map(([key]) => key)
    expect(secret).toEqual(['apiKey', 'apiKeys'])
  })

  test('every default survives its own parser', () => {
    for (const setting of Object.values(settings)) {
      const text = Array.isArray(setting.default)
        ? setting.default.join(',')
        : String(setting.default)
      expect(setting.parse(text)).toEqual(setting.default)
    }
  })
})

describe('choice settings', () => {
  test.each([
    ['upstream', 'openai', 'openai'],
    ['upstream', ' Demo ', 'demo'],
    ['upstream', 'AUTO', 'auto'],
    ['dialect', 'vLLM', 'vllm'],
    ['dialect', 'llamacpp', 'llamacpp'],
    ['dialect', 'openrouter', 'openrouter'],
    ['maxTokensParam', 'max_completion_tokens', 'max_completion_tokens'],
    ['logLevel', 'WARN', 'warn'],
  ] as [SettingKey, string, string][])('%s reads %p as %p', (key, text, value) => {
    expect(settings[key].parse(text)).toBe(value)
  })

  test.each([
    ['upstream', 'ollama', 'expected one of auto, openai, demo'],
    ['dialect', 'azure', 'expected one of auto, openai, openrouter, vllm, llamacpp'],
    ['maxTokensParam', 'max_new_tokens', 'expected one of max_tokens, max_completion_tokens'],
    ['logLevel', 'trace', 'expected one of debug, info, warn, error'],
    ['logLevel', '', 'expected one of debug, info, warn, error'],
  ] as [SettingKey, string, string][])('%s refuses %p: %s', (key, text, message) => {
    expect(parseError(key, text)).toBe(message)
  })
})

describe('integer settings', () => {
  test.each([
    ['port', '8080', 8080],
    ['port', ' 80 ', 80],
    ['port', '0', 0],
    ['port', '65535', 65535],
    ['contextLength', '1', 1],
    ['contextLength', '100000000', 100_000_000],
    ['upstreamRetries', '10', 10],
    ['demoDelay', '0', 0],
  ] as [SettingKey, string, number][])('%s reads %p as %p', (key, text, value) => {
    expect(settings[key].parse(text)).toBe(value)
  })

  test.each([
    ['port', '65536', 'expected an integer from 0 to 65535'],
    ['port', '-1', 'expected an integer from 0 to 65535'],
    ['port', '80.5', 'expected an integer from 0 to 65535'],
    ['port', '1e3', 'expected an integer from 0 to 65535'],
    ['port', 'http', 'expected an integer from 0 to 65535'],
    ['port', '', 'expected an integer from 0 to 65535'],
    ['contextLength', '0', 'expected an integer from 1 to 100000000'],
    ['contextLength', '100000001', 'expected an integer from 1 to 100000000'],
    ['upstreamRetries', '11', 'expected an integer from 0 to 10'],
    ['demoDelay', '10001', 'expected an integer from 0 to 10000'],
  ] as [SettingKey, string, string][])('%s refuses %p: %s', (key, text, message) => {
    expect(parseError(key, text)).toBe(message)
  })
})

describe('seconds settings', () => {
  test.each([
    ['modelsCacheTtl', '0', 0],
    ['modelsCacheTtl', '1.5', 1.5],
    ['upstreamTimeout', ' 30 ', 30],
    ['drainTimeout', '10', 10],
  ] as [SettingKey, string, number][])('%s reads %p as %p', (key, text, value) => {
    expect(settings[key].parse(text)).toBe(value)
  })

  test.each(['', ' ', '-1', 'abc', 'Infinity', '5m'])('refuses %p', (text) => {
    expect(parseError('upstreamTimeout', text)).toBe('expected a number of seconds (0 or more)')
  })

  test('the keep-alive interval must be above 0 (0 would send keep-alives without end)', () => {
    expect(parseError('keepAliveInterval', '0')).toBe('expected a number of seconds above 0')
    expect(settings.keepAliveInterval.parse('0.5')).toBe(0.5)
  })
})

describe('size settings', () => {
  test.each([
    ['1048576', 1048576],
    ['100b', 100],
    ['512KiB', 512 * 1024],
    ['512 kb', 512 * 1024],
    ['32MiB', 32 * 1024 ** 2],
    ['32m', 32 * 1024 ** 2],
    [' 2MB ', 2 * 1024 ** 2],
    ['1GiB', 1024 ** 3],
    ['1G', 1024 ** 3],
  ])('reads %p as %p bytes', (text, value) => {
    expect(settings.maxBodySize.parse(text)).toBe(value)
  })

  test.each(['', '0', '0MiB', '-1', '1.5MiB', '32 TiB', 'MiB', '1e6', '32MiBs'])(
    'refuses %p',
    (text) => {
      expect(parseError('maxBodySize', text)).toBe(
        'expected a size such as 32MiB, 512KiB or 1048576 (bytes), more than 0',
      )
    },
  )

  test('refuses a size past what a number holds exactly', () => {
    expect(parseError('maxBodySize', '9007199254740993')).toBe(
      'expected a size such as 32MiB, 512KiB or 1048576 (bytes), more than 0',
    )
  })
})

describe('request limits', () => {
  test.each([
    ['1', 1],
    ['60000', 60_000],
  ])('MAX_CONCURRENT_REQUESTS reads %p as %p', (text, value) => {
    expect(settings.maxConcurrentRequests.parse(text)).toBe(value)
  })

  test.each(['0', '60001', 'many'])('MAX_CONCURRENT_REQUESTS refuses %p', (text) => {
    expect(parseError('maxConcurrentRequests', text)).toBe('expected an integer from 1 to 60000')
  })

  test('ALLOWED_HOSTS is a list', () => {
    expect(settings.allowedHosts.parse('proxy.lan, *.internal.example,')).toEqual([
      'proxy.lan',
      '*.internal.example',
    ])
  })
})

describe('boolean settings', () => {
  test.each(['1', 'true', 'TRUE', 'yes', 'On', ' on '])('reads %p as true', (text) => {
    expect(settings.streamUsage.parse(text)).toBe(true)
  })

  test.each(['0', 'false', 'False', 'no', 'OFF'])('reads %p as false', (text) => {
    expect(settings.docs.parse(text)).toBe(false)
  })

  test.each(['', 'maybe', '2', 'enabled'])('refuses %p', (text) => {
    expect(parseError('streamUsage', text)).toBe('expected true or false')
  })
})

describe('list settings', () => {
  test.each([
    ['a,b', ['a', 'b']],
    [' gpt-4o , o3-mini,,', ['gpt-4o', 'o3-mini']],
    ['', []],
    [' , ', []],
    ['https://*.example.com', ['https://*.example.com']],
  ])('reads %p as %p', (text, value) => {
    expect(settings.models.parse(text)).toEqual(value)
    expect(settings.corsOrigins.parse(text)).toEqual(value)
  })
})

describe('URL setting', () => {
  test.each([
    ['https://api.openai.com/v1', 'https://api.openai.com/v1'],
    ['http://localhost:8000/v1/', 'http://localhost:8000/v1'],
    [' https://openrouter.ai/api/v1// ', 'https://openrouter.ai/api/v1'],
    ['HTTP://Example.com/v1', 'HTTP://Example.com/v1'],
  ])('reads %p as %p, without trailing slashes', (text, value) => {
    expect(settings.baseUrl.parse(text)).toBe(value)
  })

  test.each(['ftp://example.com', 'localhost:8000', 'not a url', '', '/v1'])(
    'refuses %p',
    (text) => {
      expect(parseError('baseUrl', text)).toBe('expected an http:// or https:// URL')
    },
  )
})

describe('Ollama version setting', () => {
  test.each([
    ['0.12.3', '0.12.3'],
    [' 0.6.4 ', '0.6.4'],
    ['0.7.0', '0.7.0'],
    ['1.0.0', '1.0.0'],
  ])('reads %p as %p', (text, value) => {
    expect(settings.ollamaVersion.parse(text)).toBe(value)
  })

  test.each(['0.6.3', '0.5.99', '0.0.0'])('refuses %p as too old for GitHub Copilot', (text) => {
    expect(parseError('ollamaVersion', text)).toBe(
      'expected 0.6.4 or newer: older versions are refused by GitHub Copilot',
    )
  })

  test.each(['0.12', 'v0.12.3', '0.12.3-rc1', '', 'latest'])('refuses the malformed %p', (text) => {
    expect(parseError('ollamaVersion', text)).toBe('expected a version such as 0.12.3')
  })
})

describe('text settings', () => {
  test('keep their text as given', () => {
    expect(settings.host.parse('127.0.0.1')).toBe('127.0.0.1')
    expect(settings.environment.parse('staging')).toBe('staging')
    expect(settings.apiKey.parse('sk-abc')).toBe('sk-abc')
  })
})

describe('MODEL_ALIASES', () => {
  test('reads name=model pairs', () => {
    expect(
      settings.modelAliases.parse(
        ' claude-haiku-4-5 = gpt-4o-mini ,coder=or/qwen/qwen3-coder:free',
      ),
    ).toEqual([
      ['claude-haiku-4-5', 'gpt-4o-mini'],
      ['coder', 'or/qwen/qwen3-coder:free'],
    ])
  })

  test.each(['claude-haiku-4-5', '=gpt-4o', 'coder='])('refuses %p', (text) => {
    expect(parseError('modelAliases', text)).toBe(
      'expected name=model pairs separated by commas, e.g. claude-haiku-4-5=gpt-4o-mini',
    )
  })
})
