import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Ollama } from 'ollama'
import { startBinary } from '../../scripts/start-binary.ts'
import { type FakeUpstream, fakeUpstream, hostBinary } from './support.ts'

let binary: string
/** Slow enough that a chat is still streaming when the signal arrives (about 1.5 s per answer). */
let upstream: FakeUpstream
beforeAll(async () => {
  binary = await hostBinary()
  upstream = fakeUpstream(60)
}, 120_000)
afterAll(() => upstream.stop())

const start = (...extra: string[]) =>
  startBinary(binary, [
    '--upstream',
    'openai',
    '--base-url',
    upstream.baseUrl,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    ...extra,
  ])

async function streamChat(url: string) {
  const ollama = new Ollama({ host: url })
  const stream = await ollama.chat({
    model: 'demo-chat',
    messages: [{ role: 'user', content: 'Tell me something while I shut you down' }],
    stream: true,
  })
  const iterator = stream[Symbol.asyncIterator]()
  const first = await iterator.next()
  expect(first.done).toBe(false)
  return {
    first: first.value,
    /** Every later part; rejects if the stream is cut. */
    rest: async () => {
      const parts = []
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        parts.push(next.value)
      }
      return parts
    },
  }
}

describe('graceful shutdown of the binary', () => {
  test('SIGTERM mid-stream: the stream completes; meanwhile readiness is 503 and new requests 503; exit 0', async () => {
    const service = await start()
    const chat = await streamChat(service.url)
    service.process.kill('SIGTERM')
    await Bun.sleep(100)
    const live = await fetch(`${service.url}/health`)
    expect([live.status, ((await live.json()) as { status: string }).status]).toEqual([
      200,
      'draining',
    ])
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(503)
    const refused = await fetch(`${service.url}/api/tags`)
    expect([refused.status, refused.headers.get('retry-after'), await refused.json()]).toEqual([
      503,
      '1',
      { error: 'the server is shutting down' },
    ])
    const rest = await chat.rest()
    expect(rest.length).toBeGreaterThan(3)
    expect(rest.at(-1)?.done).toBe(true)
    expect(await service.process.exited).toBe(0)
    const messages = service.logs.map((entry) => entry.message)
    expect(messages).toContain(
      'shutting down: readiness fails, new requests are refused, in-flight requests drain',
    )
    expect(messages).toContain('drained: every in-flight request finished')
    expect(messages.at(-1)).toBe('exiting')
    const stopping = service.logs.find((entry) => entry.signal === 'SIGTERM')
    expect(stopping?.in_flight).toBe(1)
  }, 15_000)

  test('SIGINT works the same', async () => {
    const service = await start()
    const chat = await streamChat(service.url)
    service.process.kill('SIGINT')
    expect((await chat.rest()).at(-1)?.done).toBe(true)
    expect(await service.process.exited).toBe(0)
  }, 15_000)

  test('a second signal exits at once (128 + signal number)', async () => {
    const service = await start()
    const chat = await streamChat(service.url)
    const rest = chat.rest().catch((error: Error) => error)
    service.process.kill('SIGTERM')
    await Bun.sleep(100)
    service.process.kill('SIGINT')
    expect(await service.process.exited).toBe(130)
    expect(await rest).toBeInstanceOf(Error)
    expect(service.logs.at(-1)?.message).toBe('second signal: exiting now')
  }, 15_000)

  test('the drain timeout ends a stream that takes too long with an error line saying why, then exits 0', async () => {
    const service = await start('--drain-timeout', '0.3')
    const chat = await streamChat(service.url)
    const rest = chat.rest().catch((error: Error) => error)
    service.process.kill('SIGTERM')
    expect(await service.process.exited).toBe(0)
    const failure = await rest
    expect(failure).toBeInstanceOf(Error)
    expect((failure as Error).message).toBe('the server is shutting down')
    const messages = service.logs.map((entry) => entry.message)
    expect(messages).toContain('drain timeout: ending the requests still in flight')
    expect(messages.at(-1)).toBe('exiting')
  }, 15_000)
})
