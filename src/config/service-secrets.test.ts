import { expect, test } from 'bun:test'
import { loadServiceConfig } from './load-service-config.ts'
import { serviceSecrets } from './service-secrets.ts'

test("lists the client keys and the backends' secrets, without repeats", () => {
  const loaded = loadServiceConfig({
    configFile: undefined,
    env: {
      OPENAI_API_KEY: 'sk-upstream',
      OPENAI_API_BASE_URL: 'http://user:s3cret@proxy:8080/v1',
      API_KEYS: 'alice:alice-key-0123456789,bob:sk-upstream-and-more',
    },
    flags: { values: {}, secretFiles: {} },
  })
  expect(serviceSecrets(loaded)).toEqual([
    'alice-key-0123456789',
    'sk-upstream-and-more',
    'sk-upstream',
    's3cret',
    'user:s3cret',
  ])
})
