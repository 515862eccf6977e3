import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hostBinary, run } from './support.ts'

let binary: string
beforeAll(async () => {
  binary = await hostBinary()
}, 120_000)

/** Stands in for the service: /health answers 200, /slow never in time. */
const live = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  fetch: () => Response.json({ status: 'ok' }),
})
const failing = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  fetch: () => new Response('no', { status: 503 }),
})
const slow = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  idleTimeout: 0,
  fetch: async () => {
    await Bun.sleep(4000)
    return new Response('late')
  },
})
/** A port nothing listens on. */
const deadPort = await (async () => {
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() })
  const port = String(server.port)
  await server.stop(true)
  return port
})()
afterAll(async () => {
  await Promise.all([live.stop(true), failing.stop(true), slow.stop(true)])
})

describe('ollama-openai-proxy healthcheck', () => {
  test('exits 0 when /health answers 200 (port from --port)', async () => {
    const result = await run(binary, ['healthcheck', '--port', String(live.port)])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`healthy: GET http://127.0.0.1:${live.port}/health answered 200\n`)
  })

  test('takes the port from PORT and from a config file, flags > env > file', async () => {
    expect((await run(binary, ['healthcheck'], { PORT: String(live.port) })).code).toBe(0)
    const directory = mkdtempSync(join(tmpdir(), 'binary-healthcheck-test-'))
    const config = join(directory, 'proxy.json')
    writeFileSync(config, JSON.stringify({ port: Number(deadPort) }))
    expect((await run(binary, ['healthcheck', '--config', config])).code).toBe(1)
    const envOverFile = await run(binary, ['healthcheck', '--config', config], {
      PORT: String(live.port),
    })
    expect(envOverFile.code).toBe(0)
    const flagOverEnv = await run(binary, ['healthcheck', '--port', deadPort], {
      PORT: String(live.port),
    })
    expect(flagOverEnv.code).toBe(1)
  })

  test('exits 1 when nothing listens on the port', async () => {
    const result = await run(binary, ['healthcheck', '--port', deadPort])
    expect(result.code).toBe(1)
    expect(result.stdout).toStartWith(`unhealthy: GET http://127.0.0.1:${deadPort}/health failed: `)
  })

  test('exits 1 on another status', async () => {
    const result = await run(binary, ['healthcheck', '--port', String(failing.port)])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('answered 503')
  })

  test('exits 1 when /health takes longer than 2 s', async () => {
    const result = await run(binary, ['healthcheck', '--port', String(slow.port)])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('no answer within 2000 ms')
    expect(result.ms).toBeGreaterThan(1900)
  }, 10_000)
})
