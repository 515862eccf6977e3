import { describe, expect, test } from 'bun:test'
import { APIError } from 'openai'
import { OllamaError } from '../errors/ollama-error.ts'
import { readServerSentEvents } from './read-server-sent-events.ts'

async function* bytes(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield new TextEncoder().encode(part)
}

const readBatches = (...parts: string[]) => Array.fromAsync(readServerSentEvents(bytes(...parts)))
/** The events of each batch that has some. */
const read = async (...parts: string[]) =>
  (await readBatches(...parts)).map((batch) => batch.events).filter((events) => events.length > 0)

describe('readServerSentEvents', () => {
  test('yields the events of each network read together', async () => {
    expect(await read('data: {"a":1}\n\ndata: {"a":2}\n\n', 'data: {"a":3}\n\n')).toEqual([
      [{ a: 1 }, { a: 2 }],
      [{ a: 3 }],
    ])
  })

  test('joins events split across reads, even inside a multi-byte character', async () => {
    const euro = new TextEncoder().encode('data: {"t":"€"}\n\n')
    async function* split() {
      yield euro.slice(0, 13)
      yield euro.slice(13)
    }
    expect(await Array.fromAsync(readServerSentEvents(split()))).toEqual([
      { events: [{ t: '€' }], last: false },
      { events: [], last: true },
    ])
    expect(await read('da', 'ta: {"a"', ':1}\n', '\n')).toEqual([[{ a: 1 }]])
  })

  test('skips comments, ids, retries and blank lines; tolerates CRLF; joins multi-line data', async () => {
    expect(
      await read(
        ': OPENROUTER PROCESSING\r\n\r\nid: 7\r\nretry: 10\r\ndata: {"a":\r\ndata: 1}\r\n\r\n',
      ),
    ).toEqual([[{ a: 1 }]])
    expect(await read('data:{"compact":true}\n\n')).toEqual([[{ compact: true }]])
    expect(await read('data: {"a":\r', '\ndata: 1}\r\n\r\n')).toEqual([[{ a: 1 }]])
  })

  test('stops at [DONE], ignoring anything after it', async () => {
    expect(await read('data: {"a":1}\n\ndata: [DONE]\n\ndata: {"a":2}\n\n')).toEqual([[{ a: 1 }]])
  })

  test('reads a last event that has no blank line after it', async () => {
    expect(await read('data: {"a":1}\n\ndata: {"a":2}')).toEqual([[{ a: 1 }], [{ a: 2 }]])
  })

  test('throws an error event as the SDK does: an APIError without status', async () => {
    const error = await read('data: {"a":1}\n\ndata: {"error":{"message":"overloaded"}}\n\n').catch(
      (e) => e,
    )
    expect(error).toBeInstanceOf(APIError)
    expect(error).toMatchObject({ status: undefined, message: 'overloaded' })
    const named = await read('event: error\ndata: {"message":"bad"}\n\n').catch((e) => e)
    expect(named).toMatchObject({ status: undefined, message: 'bad' })
  })

  test('ignores a null error key', async () => {
    expect(await read('data: {"error":null,"a":1}\n\n')).toEqual([[{ error: null, a: 1 }]])
  })

  test('an event that is not JSON is a 502', async () => {
    const error = await read('data: {not json\n\n').catch((e) => e)
    expect(error).toBeInstanceOf(OllamaError)
    expect(error).toMatchObject({
      status: 502,
      message: 'the upstream sent an invalid stream event: {not json',
    })
  })
})

test('passes on the events that arrived before an error event in the same read, then throws', async () => {
  const batches: unknown[] = []
  const failure = await (async () => {
    for await (const batch of readServerSentEvents(
      bytes('data: {"a":1}\n\ndata: {"error":{"message":"x"}}\n\n'),
    )) {
      batches.push(batch)
    }
  })().catch((error) => error)
  expect(batches).toEqual([{ events: [{ a: 1 }], last: false }])
  expect(failure).toBeInstanceOf(APIError)
})

describe('the last batch', () => {
  const batches = (...parts: string[]) =>
    readBatches(...parts).then((all) => all.map(({ events, last }) => [events.length, last]))

  test('is the one [DONE] came with', async () => {
    expect(await batches('data: {"a":1}\n\n', 'data: {"a":2}\n\ndata: [DONE]\n\n')).toEqual([
      [1, false],
      [1, true],
    ])
  })

  test('is an empty batch when [DONE] comes in a read of its own', async () => {
    expect(await batches('data: {"a":1}\n\n', 'data: [DONE]\n\n')).toEqual([
      [1, false],
      [0, true],
    ])
  })

  test('is the one the body ended with, [DONE] or not', async () => {
    expect(await batches('data: {"a":1}\n\n', 'data: {"a":2}')).toEqual([
      [1, false],
      [1, true],
    ])
    expect(await batches('data: {"a":1}\n\n', '')).toEqual([
      [1, false],
      [0, true],
    ])
  })

  test('ends the stream at [DONE] even when the body goes on and never ends', async () => {
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode('data: {"a":1}\n\ndata: [DONE]\n\n')
      await new Promise(() => {})
    }
    expect(await Array.fromAsync(readServerSentEvents(endless()))).toEqual([
      { events: [{ a: 1 }], last: true },
    ])
  })

  test('is never a batch that an error event follows', async () => {
    const batches: boolean[] = []
    const failure = await (async () => {
      for await (const batch of readServerSentEvents(
        bytes('data: {"a":1}\n\ndata: {"error":{"message":"x"}}\n\ndata: [DONE]\n\n'),
      )) {
        batches.push(batch.last)
      }
    })().catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(APIError)
    expect(batches).toEqual([false])
  })
})

test('fails with a 502 once an event outgrows the largest answer (no blank line ever comes)', async () => {
  const eightMiB = `data: ${'x'.repeat(8 * 2 ** 20)}`
  const failure = await readBatches(...Array(9).fill(eightMiB)).catch((error: OllamaError) => [
    error.status,
    error.message,
  ])
  expect(failure).toEqual([
    502,
    'the upstream sent an event larger than 64 MiB, or no event boundaries',
  ])
})
