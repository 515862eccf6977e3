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
  test('SIGTERM mid-stream: the stream completes, new connections are refused, exit 0', async () => {
    const service = await start()
    const chat = await streamChat(service.url)
    service.process.kill('SIGTERM')
    await Bun.sleep(100)
    await expect(fetch(`${service.url}/health`)).rejects.toThrow()
    const rest = await chat.rest()
    expect(rest.length).toBeGreaterThan(3)
    expect(rest.at(-1)?.done).toBe(true)
    expect(await service.process.exited).toBe(0)
    const messages = service.logs.map((entry) => entry.message)
    expect(messages).toContain(
      'shutting down: not accepting new connections, draining in-flight requests',
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
    const started = performance.now()
    service.process.kill('SIGINT')
    expect(await service.process.exited).toBe(130)
    expect(performance.now() - started).toBeLessThan(500)
    expect(await rest).toBeInstanceOf(Error)
    expect(service.logs.at(-1)?.message).toBe('second signal: exiting now')
  }, 15_000)

  test('the drain timeout cuts a stream that takes too long, then exits 0', async () => {
    const service = await start('--drain-timeout', '0.3')
    const chat = await streamChat(service.url)
    const rest = chat.rest().catch((error: Error) => error)
    const started = performance.now()
    service.process.kill('SIGTERM')
    expect(await service.process.exited).toBe(0)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(await rest).toBeInstanceOf(Error)
    const messages = service.logs.map((entry) => entry.message)
    expect(messages).toContain('drain timeout: closing the requests still in flight')
  }, 15_000)
})
