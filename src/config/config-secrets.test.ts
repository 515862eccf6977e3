import { describe, expect, test } from 'bun:test'
import { configSecrets } from './config-secrets.ts'

describe('configSecrets', () => {
  test('lists the API key', () => {
    expect(configSecrets({ apiKey: 'sk-1', baseUrl: 'https://api.openai.com/v1' })).toEqual([
      'sk-1',
    ])
  })

  test('lists the password of the base URL, encoded and decoded, and the user:password pair', () => {
    expect(configSecrets({ apiKey: '', baseUrl: 'http://bob:p%40ss@proxy:8080/v1' })).toEqual([
      'p%40ss',
      'p@ss',
      'bob:p%40ss',
    ])
  })
})
