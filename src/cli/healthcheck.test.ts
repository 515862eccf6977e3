import { afterAll, describe, expect, test } from 'bun:test'
import { healthcheck } from './healthcheck.ts'

/** Set once the slow route has answered: a check that timed out must have ended before it. */
let slowAnswered = false
const server = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  async fetch(request) {
    const path = new URL(request.url).pathname
    if (path === '/health') return Response.json({ status: 'ok' })
    if (path === '/slow') {
      await Bun.sleep(5000)
      slowAnswered = true
      return new Response('late')
    }
    if (path === '/redirect') return Response.redirect('/health', 302)
    return new Response('draining', { status: 503 })
  },
})
afterAll(() => server.stop(true))
const url = (path: string) => `http://127.0.0.1:${server.port}${path}`

describe('healthcheck', () => {
  test('is healthy when the URL answers 200', async () => {
    expect(await healthcheck(url('/health'), { timeoutMs: 2000 })).toEqual({
      healthy: true,
      detail: `healthy: GET ${url('/health')} answered 200`,
    })
  })

  test('is unhealthy on another status, redirects included', async () => {
    expect(await healthcheck(url('/ready'), { timeoutMs: 2000 })).toEqual({
      healthy: false,
      detail: `unhealthy: GET ${url('/ready')} answered 503`,
    })
    expect((await healthcheck(url('/redirect'), { timeoutMs: 2000 })).healthy).toBe(false)
  })

  test('is unhealthy when nothing listens', async () => {
    const result = await healthcheck('http://127.0.0.1:1/health', { timeoutMs: 2000 })
    expect(result.healthy).toBe(false)
    expect(result.detail).toStartWith('unhealthy: GET http://127.0.0.1:1/health failed: ')
  })

  test('is unhealthy when the answer takes longer than the timeout, without waiting for it', async () => {
    const result = await healthcheck(url('/slow'), { timeoutMs: 100 })
    expect(result).toEqual({
      healthy: false,
      detail: `unhealthy: GET ${url('/slow')} failed: no answer within 100 ms`,
    })
    expect(slowAnswered).toBe(false)
  })

  test('uses the fetch it is given', async () => {
    const calls: string[] = []
    const result = await healthcheck('http://service/health', {
      timeoutMs: 50,
      fetch: async (target) => {
        calls.push(target)
        return new Response('ok')
      },
    })
    expect(result.healthy).toBe(true)
    expect(calls).toEqual(['http://service/health'])
  })
})
