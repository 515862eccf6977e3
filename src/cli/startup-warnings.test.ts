import { describe, expect, test } from 'bun:test'
import { loadConfig } from '../config/load-config.ts'
import type { SettingKey } from '../config/settings.ts'
import { type StartupFacts, startupWarnings } from './startup-warnings.ts'

const config = (values: Partial<Record<SettingKey, string>>) =>
  loadConfig([{ describe: (key) => key, values }])
const facts: StartupFacts = {
  port: 11434,
  upstreamKeyed: true,
  fetchLimit: 4112,
  openFileLimit: 1_048_576,
}
const exposedKey =
  "listening on 0.0.0.0 with an upstream API key and no API_KEYS: anyone who can reach port 11434 can use the upstream with this server's key, at its owner's expense. Set API_KEYS (or API_KEYS_FILE) to require client keys, or HOST=127.0.0.1 to accept local connections only"

describe('startupWarnings', () => {
  test('says nothing for the defaults: loopback, enough fetch slots and files', () => {
    expect(startupWarnings(config({ apiKey: 'sk-real' }), facts)).toEqual([])
  })

  test('warns when a real upstream key is reachable from the network without client keys', () => {
    expect(startupWarnings(config({ host: '0.0.0.0', apiKey: 'sk-real' }), facts)).toEqual([
      exposedKey,
    ])
    expect(
      startupWarnings(config({ host: '192.168.1.10', apiKey: 'sk-real' }), {
        ...facts,
        port: 8080,
      })[0],
    ).toStartWith(
      'listening on 192.168.1.10 with an upstream API key and no API_KEYS: anyone who can reach port 8080',
    )
  })

  test('does not warn with client keys, or without an upstream key (the demo backend has none)', () => {
    const exposed = { host: '0.0.0.0', apiKey: 'sk-real' }
    expect(
      startupWarnings(config({ ...exposed, apiKeys: 'sk-client-0123456789abcdef' }), facts),
    ).toEqual([])
    expect(startupWarnings(config(exposed), { ...facts, upstreamKeyed: false })).toEqual([])
  })

  test('warns when fetch allows fewer upstream requests than requests are served', () => {
    expect(startupWarnings(config({}), { ...facts, fetchLimit: 256 })).toEqual([
      "Bun's fetch sends at most 256 upstream requests at once (BUN_CONFIG_MAX_HTTP_REQUESTS), fewer than MAX_CONCURRENT_REQUESTS=4096: requests past 256 wait for a free slot. Set BUN_CONFIG_MAX_HTTP_REQUESTS=4112, or leave it unset: the service then raises it itself as it starts (except on Windows)",
    ])
    expect(startupWarnings(config({}), { ...facts, fetchLimit: 4096 })).toEqual([])
  })

  test('warns when the process may not open a file per connection', () => {
    expect(startupWarnings(config({}), { ...facts, openFileLimit: 8255 })).toEqual([
      'MAX_CONCURRENT_REQUESTS=4096 needs up to 8256 open files (a client and an upstream connection per request) but this process may open 8255: past that, new connections wait unanswered instead of getting 503. Raise the limit (ulimit -n, docker run --ulimit nofile=…) or lower MAX_CONCURRENT_REQUESTS',
    ])
    expect(startupWarnings(config({}), { ...facts, openFileLimit: 8256 })).toEqual([])
    expect(startupWarnings(config({}), { ...facts, openFileLimit: undefined })).toEqual([])
  })
})
