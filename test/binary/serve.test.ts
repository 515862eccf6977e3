import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ollama } from 'ollama'
import { startBinary } from '../../scripts/start-binary.ts'
import { type FakeUpstream, fakeUpstream, hostBinary } from './support.ts'

let binary: string
let upstream: FakeUpstream
const directory = mkdtempSync(join(tmpdir(), 'binary-serve-test-'))
beforeAll(async () => {
  binary = await hostBinary()
  upstream = fakeUpstream(5)
}, 120_000)
afterAll(async () => {
  await upstream.stop()
  rmSync(directory, { recursive: true, force: true })
})

const serveArgs = () => ['--upstream', 'openai', '--base-url', upstream.baseUrl]
const loopback = ['--host', '127.0.0.1', '--port', '0']

describe('ollama-openai-proxy serve', () => {
  test('streams a chat from the upstream to the official ollama client', async () => {
    const service = await startBinary(binary, [...serveArgs(), ...loopback])
    try {
      const ollama = new Ollama({ host: service.url })
      const { models } = await ollama.list()
      expect(models.map((model) => model.name)).toContain('demo-chat:latest')
      const stream = await ollama.chat({
        model: 'demo-chat',
        messages: [{ role: 'user', content: 'Hello binary' }],
        stream: true,
      })
      const parts = []
      for await (const part of stream) parts.push(part)
      expect(parts.length).toBeGreaterThan(3)
      expect(parts.at(-1)?.done).toBe(true)
      expect(parts.map((part) => part.message.content).join('')).toBe(
        'Hello from the demo backend! You said: "Hello binary".',
      )
    } finally {
      expect(await service.stop()).toBe(0)
    }
    expect(service.logs.map((entry) => entry.message)).toContain('listening')
  })

  test('every log line names the container (HOSTNAME), else the host', async () => {
    const outside = await startBinary(binary, ['--demo', ...loopback])
    const health = await (await fetch(`${outside.url}/health`)).json()
    expect(await outside.stop()).toBe(0)
    expect(outside.logs.length).toBeGreaterThan(1)
    for (const entry of outside.logs) expect(entry.container_id).toBe(hostname())
    expect(health).toMatchObject({ container_id: hostname() })
    const inside = await startBinary(binary, ['--demo', ...loopback], {
      env: { HOSTNAME: '3f2a9c1b7d4e' },
    })
    expect(await inside.stop()).toBe(0)
    for (const entry of inside.logs) expect(entry.container_id).toBe('3f2a9c1b7d4e')
  })

  test('`serve` is the default command, and --demo needs no upstream at all', async () => {
    const service = await startBinary(binary, ['serve', '--demo', ...loopback])
    try {
      const response = await fetch(`${service.url}/api/version`)
      expect(response.status).toBe(200)
    } finally {
      expect(await service.stop()).toBe(0)
    }
    expect(service.logs.find((entry) => entry.message === 'listening')?.upstream).toBe('demo')
  })

  test('reads the API key from OPENAI_API_KEY_FILE and never logs it', async () => {
    const keyFile = join(directory, 'api-key')
    writeFileSync(keyFile, 'sk-binary-test-secret\n')
    const service = await startBinary(binary, [...serveArgs(), ...loopback, '--log-level=debug'], {
      env: { OPENAI_API_KEY_FILE: keyFile },
    })
    try {
      const ollama = new Ollama({ host: service.url })
      await ollama.list()
      expect(upstream.authorizations.at(-1)).toBe('Bearer sk-binary-test-secret')
    } finally {
      expect(await service.stop()).toBe(0)
    }
    expect(JSON.stringify(service.logs)).not.toContain('sk-binary-test-secret')
  })

  test('settings come from a YAML config file, under env and flags', async () => {
    const config = join(directory, 'proxy.yaml')
    writeFileSync(
      config,
      [
        'upstream: openai',
        `OPENAI_API_BASE_URL: ${upstream.baseUrl}`,
        'models: [demo-coder]',
        'ENV: from-file',
        'port: 1',
      ].join('\n'),
    )
    const service = await startBinary(binary, ['--config', config, ...loopback], {
      env: { ENV: 'from-env' },
    })
    try {
      const tags = (await (await fetch(`${service.url}/api/tags`)).json()) as {
        models: { name: string }[]
      }
      expect(tags.models.map((model) => model.name)).toEqual(['demo-coder:latest'])
      const health = (await (await fetch(`${service.url}/health`)).json()) as Record<string, string>
      expect(health.environment).toBe('from-env')
    } finally {
      expect(await service.stop()).toBe(0)
    }
  })

  test('runs alone: copied into an empty directory, docs included, .env ignored', async () => {
    const alone = join(directory, 'alone')
    const workdir = join(directory, 'workdir')
    for (const path of [alone, workdir]) rmSync(path, { recursive: true, force: true })
    Bun.spawnSync(['mkdir', '-p', alone, workdir])
    const copy = join(alone, 'ollama-openai-proxy')
    copyFileSync(binary, copy)
    Bun.spawnSync(['chmod', '+x', copy])
    writeFileSync(join(workdir, '.env'), 'PORT=1\nUPSTREAM=not-a-backend\n')
    const service = await startBinary(copy, ['--demo', ...loopback], { cwd: workdir })
    try {
      const page = await fetch(`${service.url}/swagger`)
      expect(page.status).toBe(200)
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
      const html = await page.text()
      const assets = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((match) => match[1])
      expect(assets.length).toBeGreaterThan(0)
      for (const asset of assets) {
        const response = await fetch(`${service.url}${asset}`)
        expect(response.status).toBe(200)
        expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000)
      }
    } finally {
      expect(await service.stop()).toBe(0)
    }
  }, 20_000)

  test('exits 1 with a log line when the port is taken', async () => {
    const taken = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() })
    try {
      const child = Bun.spawn(
        [binary, '--demo', '--host', '127.0.0.1', '--port', String(taken.port)],
        { env: {}, stdout: 'pipe', stderr: 'pipe' },
      )
      expect(await child.exited).toBe(1)
      const logs = await new Response(child.stdout).text()
      expect(logs).toContain('"message":"cannot listen"')
    } finally {
      await taken.stop(true)
    }
  })
})

describe('reload', () => {
  const names = async (url: string) =>
    ((await (await fetch(`${url}/api/tags`)).json()) as { models: { name: string }[] }).models
      .map((model) => model.name)
      .sort()

  /** The service on a config file with one alias; `write` changes the alias. */
  async function serveAliased(name: string, flags: string[]) {
    const config = join(directory, name)
    const write = (alias: string) =>
      writeFileSync(
        config,
        [
          'backends:',
          `  up: { base_url: "${upstream.baseUrl}", models: [demo-chat] }`,
          'aliases:',
          `  ${alias}: demo-chat`,
        ].join('\n'),
      )
    write('first')
    const service = await startBinary(binary, ['--config', config, ...flags, ...loopback])
    const reloads = () => service.logs.filter((entry) => entry.message === 'configuration reloaded')
    const reloaded = async () => {
      while (reloads().length === 0) await Bun.sleep(10)
    }
    return { service, write, reloads, reloaded }
  }

  test('SIGHUP reloads the config file', async () => {
    const { service, write, reloads, reloaded } = await serveAliased('hup.yaml', [])
    try {
      expect(await names(service.url)).toEqual(['demo-chat:latest', 'first:latest'])
      write('second')
      service.process.kill('SIGHUP')
      await reloaded()
      expect(await names(service.url)).toEqual(['demo-chat:latest', 'second:latest'])
    } finally {
      expect(await service.stop()).toBe(0)
    }
    expect(reloads()).toEqual([
      expect.objectContaining({ trigger: 'SIGHUP', backends: ['up'], aliases: 1 }),
    ])
  }, 30_000)

  test('--watch-config reloads it when it changes', async () => {
    const { service, write, reloads, reloaded } = await serveAliased('watch.yaml', [
      '--watch-config',
    ])
    try {
      write('by-watching')
      await reloaded()
      expect(await names(service.url)).toEqual(['by-watching:latest', 'demo-chat:latest'])
    } finally {
      expect(await service.stop()).toBe(0)
    }
    expect(reloads()).toEqual([expect.objectContaining({ trigger: 'file changed' })])
  }, 30_000)
})
