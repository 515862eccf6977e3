import { describe, expect, test } from 'bun:test'
import { configSecrets } from './config-secrets.ts'

describe('configSecrets', () => {
  test('lists the API key', () => {
    expect(
      configSecrets({ apiKey: 'sk-1', baseUrl: 'https://api.openai.com/v1', apiKeys: [] }),
    ).toEqual(['sk-1'])
  })

  test('lists the password of the base URL, encoded and decoded, and the user:password pair', () => {
    expect(
      configSecrets({ apiKey: '', baseUrl: 'http://bob:p%40ss@proxy:8080/v1', apiKeys: [] }),
    ).toEqual(['p%40ss', 'p@ss', 'bob:p%40ss'])
  })

  test('lists the client keys', () => {
    expect(
      configSecrets({
        apiKey: 'sk-up',
        baseUrl: 'https://api.openai.com/v1',
        apiKeys: [
          { name: 'alice', key: 'alice-key-0123456789' },
          { name: 'key-2', key: 'another-key-0123456789' },
        ],
      }),
    ).toEqual(['sk-up', 'alice-key-0123456789', 'another-key-0123456789'])
  })
})
