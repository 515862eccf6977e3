import { describe, expect, test } from 'bun:test'
import {
  BUN_DEFAULT_FETCH_LIMIT,
  currentFetchLimit,
  fetchLimitRestart,
  upstreamFetchLimit,
} from './fetch-limit.ts'

const binary = {
  execPath: '/app/ollama-openai-proxy',
  execArgv: [],
  argv: ['bun', '/$bunfs/root/ollama-openai-proxy', '--port', '11500'],
  standalone: true,
}
const script = {
  execPath: '/usr/local/bin/bun',
  execArgv: ['--smol'],
  argv: ['/usr/local/bin/bun', '/app/src/main.ts', '--demo'],
  standalone: false,
}

describe('upstreamFetchLimit', () => {
  test('allows one upstream request per client request, and a few more', () => {
    expect(upstreamFetchLimit(4096)).toBe(4112)
    expect(upstreamFetchLimit(1)).toBe(17)
  })

  test('stays within what Bun accepts', () => {
    expect(upstreamFetchLimit(60_000)).toBe(60_016)
    expect(upstreamFetchLimit(65_530)).toBe(65_535)
  })
})

describe('currentFetchLimit', () => {
  test("is the variable's value, else Bun's default", () => {
    expect(currentFetchLimit({ BUN_CONFIG_MAX_HTTP_REQUESTS: '4112' })).toBe(4112)
    expect(currentFetchLimit({})).toBe(BUN_DEFAULT_FETCH_LIMIT)
    expect(currentFetchLimit({ BUN_CONFIG_MAX_HTTP_REQUESTS: 'lots' })).toBe(256)
  })
})

describe('fetchLimitRestart', () => {
  test('restarts a compiled binary with its own arguments and the variable set', () => {
    expect(fetchLimitRestart({ PORT: '1', UNSET: undefined }, 4096, binary)).toEqual({
      argv: ['/app/ollama-openai-proxy', '--port', '11500'],
      env: { PORT: '1', BUN_CONFIG_MAX_HTTP_REQUESTS: '4112' },
    })
  })

  test('restarts bun with its runtime flags and the script', () => {
    expect(fetchLimitRestart({}, 100, script)?.argv).toEqual([
      '/usr/local/bin/bun',
      '--smol',
      '/app/src/main.ts',
      '--demo',
    ])
  })

  test('leaves a variable set by the operator alone, so it restarts at most once', () => {
    expect(fetchLimitRestart({ BUN_CONFIG_MAX_HTTP_REQUESTS: '512' }, 4096, binary)).toBe(undefined)
  })
})
