import { describe, expect, test } from 'bun:test'
import { routerFor } from '../test/support/router-for.ts'
import { createApp } from './app.ts'
import { loadConfig } from './config/load-config.ts'
import { createLogger } from './log/logger.ts'
import type { Upstream } from './upstream/upstream.ts'

/** An upstream whose calls all fail with `error`, for what the app makes of unexpected failures. */
function failingUpstream(error: unknown): Upstream {
  const fail = () => Promise.reject(error)
  return {
    label: 'stub',
    listModels: async () => [{ id: 'stub-model' }],
    stream: fail,
    embed: fail,
    forward: fail,
    endAll: () => {},
  }
}

function appWith(upstream: Upstream, isDraining?: () => boolean) {
  const lines: Record<string, unknown>[] = []
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line)) })
  const config = loadConfig([{ describe: (key) => key, values: { environment: 'staging' } }])
  const router = routerFor(config, upstream)
  const app = createApp({ config, router, logger, containerId: 'c0ffee', isDraining })
  const call = (path: string, init?: RequestInit) =>
    app.handle(new Request(`http://localhost${path}`, init))
  return { call, lines }
}

describe('createApp', () => {
  test('answers an unexpected failure with a 500 that names no internals, and logs it', async () => {
    const { call, lines } = appWith(failingUpstream(new TypeError('undefined is not a function')))
    const response = await call('/api/chat', {
      method: 'POST',
      body: JSON.stringify({ model: 'stub-model', messages: [{ role: 'user', content: 'x' }] }),
    })
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({ error: 'internal server error' })
    const logged = lines.find((line) => line.message === 'request failed')
    expect(logged).toMatchObject({
      level: 'error',
      path: '/api/chat',
      error: 'TypeError: undefined is not a function',
    })
  })

  test('answers /v1 failures with an OpenAI error object', async () => {
    const { call } = appWith(failingUpstream(new Error('boom')))
    const response = await call('/v1/embeddings', {
      method: 'POST',
      body: JSON.stringify({ model: 'stub-model', input: 'x' }),
    })
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({
      error: { message: 'internal server error', type: 'api_error', param: null, code: null },
    })
  })

  test('reports health with the deployment details, and readiness that follows draining', async () => {
    let draining = false
    const { call } = appWith(failingUpstream(new Error('unused')), () => draining)
    const health = (await (await call('/health')).json()) as Record<string, unknown>
    expect(health).toMatchObject({ status: 'ok', environment: 'staging', container_id: 'c0ffee' })
    expect(health.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(Number.isNaN(Date.parse(String(health.timestamp)))).toBe(false)
    expect((await call('/health/ready')).status).toBe(200)
    draining = true
    const ready = await call('/health/ready')
    expect(ready.status).toBe(503)
    expect(await ready.json()).toMatchObject({ status: 'draining' })
    expect((await call('/health')).status).toBe(200)
  })

  test('is ready by default when no draining state is given', async () => {
    const { call } = appWith(failingUpstream(new Error('unused')))
    expect((await call('/health/ready')).status).toBe(200)
  })
})
