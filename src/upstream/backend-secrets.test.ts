import { describe, expect, test } from 'bun:test'
import { backendSecrets } from './backend-secrets.ts'

describe('backendSecrets', () => {
  test('lists the API key', () => {
    expect(backendSecrets({ apiKey: 'sk-1234', baseUrl: 'https://api.openai.com/v1' })).toEqual([
      'sk-1234',
    ])
  })

  test('lists the values of headers named like credentials, not the others', () => {
    expect(
      backendSecrets({
        apiKey: '',
        baseUrl: 'https://x.openai.azure.com/openai',
        headers: {
          'api-key': 'azure-key-1',
          Authorization: 'Bearer abcdef',
          'X-Title': 'my-team',
          'HTTP-Referer': 'https://example.org',
        },
      }),
    ).toEqual(['azure-key-1', 'Bearer abcdef'])
  })

  test('lists the password of the base URL, encoded and decoded, and the user:password pair', () => {
    expect(backendSecrets({ apiKey: '', baseUrl: 'http://bob:p%40ss@proxy:8080/v1' })).toEqual([
      'p%40ss',
      'p@ss',
      'bob:p%40ss',
    ])
  })
})
