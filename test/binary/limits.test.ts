import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { startBinary } from '../../scripts/start-binary.ts'
import { hostBinary } from './support.ts'

let binary: string
beforeAll(async () => {
  binary = await hostBinary()
}, 120_000)

describe('listening', () => {
  test('on 127.0.0.1 unless told otherwise, as Ollama', async () => {
    const service = await startBinary(binary, ['--demo', '--port', '0'])
    try {
      const listening = service.logs.find((entry) => entry.message === 'listening')
      expect(String(listening?.url)).toStartWith('http://127.0.0.1:')
    } finally {
      expect(await service.stop()).toBe(0)
    }
  })

  test('a second instance on a port in use exits 1 saying so', async () => {
    const first = await startBinary(binary, ['--demo', '--port', '0'])
    const port = new URL(first.url).port
    const second = Bun.spawn([binary, '--demo', '--port', port], {
      env: {},
      stdout: 'pipe',
      stderr: 'pipe',
    })
    try {
      const exited = await Promise.race([second.exited, Bun.sleep(4000).then(() => 'running')])
      expect(exited).toBe(1)
      const line = JSON.parse(
        (await new Response(second.stdout).text()).trim().split('\n').at(-1) ?? '',
      )
      expect(line).toMatchObject({
        level: 'error',
        message: 'cannot listen',
        error: `port ${port} on 127.0.0.1 is already in use, maybe by another instance: stop it, or choose another port (PORT, --port)`,
      })
      expect((await fetch(`${first.url}/api/version`)).status).toBe(200)
    } finally {
      second.kill()
      expect(await first.stop()).toBe(0)
    }
  })

  test('warns once when an upstream key is reachable from the network without API_KEYS', async () => {
    const service = await startBinary(
      binary,
      ['--upstream', 'openai', '--base-url', 'http://127.0.0.1:9/v1', '--port', '0'],
      { env: { HOST: '0.0.0.0', OPENAI_API_KEY: 'sk-exposed-0123456789' } },
    )
    try {
      const warnings = service.logs.filter((entry) => entry.level === 'warn')
      expect(warnings.map((entry) => entry.message)).toEqual([
        `listening on 0.0.0.0 with an upstream API key and no API_KEYS: anyone who can reach port ${new URL(service.url).port} can use the upstream with this server's key, at its owner's expense. Set API_KEYS (or API_KEYS_FILE) to require client keys, or HOST=127.0.0.1 to accept local connections only`,
      ])
      expect(JSON.stringify(service.logs)).not.toContain('sk-exposed-0123456789')
    } finally {
      expect(await service.stop()).toBe(0)
    }
  })
})

/**
 * An OpenAI-compatible upstream whose chat streams send one chunk, then hold until released:
 * it counts how many are open at once.
 */
function holdingUpstream() {
  let open = 0
  const { promise: released, resolve: release } = Promise.withResolvers<void>()
  const chunk = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'held', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    idleTimeout: 0,
    async fetch(request) {
      if (new URL(request.url).pathname === '/v1/models') {
        return Response.json({ object: 'list', data: [{ id: 'held', object: 'model' }] })
      }
      await request.arrayBuffer()
      open++
      const body = new ReadableStream({
        type: 'direct',
        async pull(controller: ReadableStreamDirectController) {
          controller.write(chunk({ role: 'assistant', content: 'first ' }, null))
          await controller.flush()
          await released
          controller.write(chunk({ content: 'last' }, 'stop'))
          controller.write('data: [DONE]\n\n')
          controller.close()
        },
      })
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
    },
  })
  return {
    baseUrl: `http://127.0.0.1:${server.port}/v1`,
    open: () => open,
    release,
    stop: () => server.stop(true),
  }
}

/**
 * One streamed /api/chat over a raw socket (this test process's own fetch is limited to 256
 * requests at once): resolves `opened` at the first NDJSON line, then with the whole response.
 */
function chatOverSocket(port: number, opened: () => void): Promise<string> {
  const body = JSON.stringify({ model: 'held', messages: [{ role: 'user', content: 'hold' }] })
  let received = ''
  let seenFirst = false
  const { promise, resolve, reject } = Promise.withResolvers<string>()
  void Bun.connect({
    hostname: '127.0.0.1',
    port,
    socket: {
      open(socket) {
        socket.write(
          `POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
        )
      },
      data(_, data) {
        received += data.toString()
        if (!seenFirst && received.includes('"done":false')) {
          seenFirst = true
          opened()
        }
      },
      close: () => resolve(received),
      error: (_, error) => reject(error),
    },
  }).catch(reject)
  return promise
}

describe('thousands of concurrent streams, with no extra environment', () => {
  const streams = 2000
  let upstream: ReturnType<typeof holdingUpstream>
  beforeAll(() => {
    upstream = holdingUpstream()
  })
  afterAll(async () => {
    await upstream.stop()
  })

  test(`${streams} streams are open upstream at once, and all finish`, async () => {
    const service = await startBinary(binary, [
      '--upstream',
      'openai',
      '--base-url',
      upstream.baseUrl,
      '--port',
      '0',
    ])
    try {
      const port = Number(new URL(service.url).port)
      let opened = 0
      const { promise: allOpen, resolve: onAllOpen } = Promise.withResolvers<void>()
      const responses = Array.from({ length: streams }, () =>
        chatOverSocket(port, () => {
          if (++opened === streams) onAllOpen()
        }),
      )
      // Bun's default fetch limit would hold all but 256 before the upstream: fail, not hang.
      let timer: Timer | undefined
      const timedOut = new Promise((resolve) => {
        timer = setTimeout(() => resolve(`${opened} of ${streams} open`), 20_000)
      })
      expect(await Promise.race([allOpen.then(() => 'all open'), timedOut])).toBe('all open')
      clearTimeout(timer)
      expect(upstream.open()).toBe(streams)
      upstream.release()
      const texts = await Promise.all(responses)
      const finished = texts.filter((text) => text.includes('"done":true'))
      expect(finished.length).toBe(streams)
      expect(texts.filter((text) => text.includes('"error"'))).toEqual([])
    } finally {
      expect(await service.stop()).toBe(0)
    }
    expect(service.logs.filter((entry) => entry.level === 'warn')).toEqual([])
  }, 60_000)
})
