import { afterEach, beforeEach, describe, expect, jest, test } from 'bun:test'
import { until } from '../../test/support/until.ts'
import { OllamaError } from '../errors/ollama-error.ts'
import { createStreamResponder, type StreamFraming, streamOutcome } from './stream-response.ts'

/** Frames a failure as `!<status> <message>` on a line of its own. */
const framing: StreamFraming = {
  contentType: 'text/x-test',
  failure: (error) => `!${error.status} ${error.message}\n`,
}

/** A source that yields strings, and waits where the script has a promise. */
async function* scripted(steps: readonly (string | Uint8Array | Promise<unknown>)[]) {
  for (const step of steps) {
    if (typeof step === 'string' || step instanceof Uint8Array) yield step
    else await step
  }
}

/** Reads a response body piece by piece, as text. */
function piecesOf(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  return {
    /** The next piece written, or undefined at the end. */
    next: async () => {
      const { done, value } = await reader.read()
      return done ? undefined : decoder.decode(value)
    },
    cancel: () => reader.cancel(),
  }
}

describe('createStreamResponder', () => {
  test('writes each piece as soon as the source yields it, with the content type', async () => {
    const gate = Promise.withResolvers<void>()
    const respond = createStreamResponder({ keepAliveMs: 10_000 })
    const response = respond(
      scripted(['a', gate.promise, new TextEncoder().encode('é'), 'c']),
      framing,
    )
    expect(response.status).toBe(200)
    expect(Object.fromEntries(response.headers)).toEqual({
      'content-type': 'text/x-test',
      'cache-control': 'no-cache',
    })
    const pieces = piecesOf(response)
    expect(await pieces.next()).toBe('a')
    gate.resolve()
    expect(await pieces.next()).toBe('é')
    expect(await pieces.next()).toBe('c')
    expect(await pieces.next()).toBeUndefined()
    expect(await streamOutcome(response)).toEqual({ kind: 'completed' })
  })

  test('knows no outcome of a response it did not make', () => {
    expect(streamOutcome(new Response('x'))).toBeUndefined()
  })

  test('ends a failing stream with the failure frame, and records the failure', async () => {
    const failure = new OllamaError(502, 'the upstream closed the connection mid-answer')
    async function* failing() {
      yield 'a'
      throw failure
    }
    const response = createStreamResponder({ keepAliveMs: 10_000 })(failing(), framing)
    expect(await response.text()).toBe('a!502 the upstream closed the connection mid-answer\n')
    const outcome = await streamOutcome(response)
    expect(outcome).toEqual({ kind: 'failed', error: failure })
    expect(outcome?.kind === 'failed' && outcome.error).toBe(failure)
  })

  test('writes any other failure as an internal error', async () => {
    const failing: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.reject(new TypeError('cannot read properties of undefined')),
      }),
    }
    const response = createStreamResponder({ keepAliveMs: 10_000 })(failing, framing)
    expect(await response.text()).toBe('!500 internal server error\n')
    const outcome = await streamOutcome(response)
    expect(outcome?.kind === 'failed' && [outcome.error.status, outcome.error.message]).toEqual([
      500,
      'internal server error',
    ])
  })

  test('writes and records the failure as the redact option has it', async () => {
    const redacted = new OllamaError(502, 'upstream error: invalid key [redacted]')
    const seen: OllamaError[] = []
    const respond = createStreamResponder({
      keepAliveMs: 10_000,
      redact: (error) => {
        seen.push(error)
        return redacted
      },
    })
    const failure = new OllamaError(502, 'upstream error: invalid key sk-secret')
    async function* failing() {
      yield 'a'
      throw failure
    }
    const response = respond(failing(), framing)
    expect(await response.text()).toBe('a!502 upstream error: invalid key [redacted]\n')
    expect(seen).toEqual([failure])
    expect(await streamOutcome(response)).toEqual({ kind: 'failed', error: redacted })
  })

  test('records a client that went away as aborted, and stops the source', async () => {
    const log: string[] = []
    const second = Promise.withResolvers<IteratorResult<string>>()
    let reads = 0
    const source: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => ({
        next: () => {
          reads += 1
          return reads === 1 ? Promise.resolve({ done: false, value: 'a' }) : second.promise
        },
        return: async () => {
          log.push('return')
          return { done: true, value: undefined }
        },
      }),
    }
    const response = createStreamResponder({ keepAliveMs: 10_000 })(source, framing)
    const pieces = piecesOf(response)
    expect(await pieces.next()).toBe('a')
    await pieces.cancel()
    expect(await streamOutcome(response)).toEqual({ kind: 'aborted' })
    expect(log).toEqual(['return'])
    second.resolve({ done: true, value: undefined })
  })
})

describe('createStreamResponder: keep-alives', () => {
  beforeEach(() => {
    jest.useFakeTimers()
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  /** A framing whose keep-alive is `text`; counts how often it is asked for one. */
  function keepingAlive(text: string) {
    const asked = { count: 0 }
    const withKeepAlive: StreamFraming = {
      ...framing,
      keepAlive: () => {
        asked.count += 1
        return text
      },
    }
    return { framing: withKeepAlive, asked }
  }

  /** A stream that writes 'a', pauses until `first`, writes 'b', pauses until `second`, ends. */
  function pausingStream(keepAliveMs: number, keepAlive = ': ping\n\n') {
    const { framing: withKeepAlive, asked } = keepingAlive(keepAlive)
    const first = Promise.withResolvers<void>()
    const second = Promise.withResolvers<void>()
    const respond = createStreamResponder({ keepAliveMs })
    const pieces = piecesOf(
      respond(scripted(['a', first.promise, 'b', second.promise]), withKeepAlive),
    )
    return { pieces, asked, first, second }
  }

  test('writes a keep-alive after keepAliveMs of silence, counted from the last write', async () => {
    const { pieces, asked, first, second } = pausingStream(400)
    expect(await pieces.next()).toBe('a')
    jest.advanceTimersByTime(399)
    expect(asked.count).toBe(0)
    jest.advanceTimersByTime(1)
    expect(asked.count).toBe(1)
    expect(await pieces.next()).toBe(': ping\n\n')
    jest.advanceTimersByTime(200)
    first.resolve()
    expect(await pieces.next()).toBe('b')
    // 400 ms after the keep-alive, but only 200 ms after the last piece.
    jest.advanceTimersByTime(200)
    expect(asked.count).toBe(1)
    jest.advanceTimersByTime(200)
    expect(asked.count).toBe(2)
    expect(await pieces.next()).toBe(': ping\n\n')
    second.resolve()
    expect(await pieces.next()).toBeUndefined()
  })

  test.each([
    // A check every 100 ms at least: silent for 50 ms at 80, seen at 100.
    [50, 30, 100],
    // A check every 250 ms (a quarter): silent for 1000 ms at 1100, seen at 1250.
    [1_000, 100, 1_250],
  ])(
    'checks for silence every quarter of %i ms, at least 100 ms apart: last write at %i, keep-alive at %i',
    async (keepAliveMs, lastWriteAt, keepAliveAt) => {
      const { pieces, asked, first, second } = pausingStream(keepAliveMs)
      expect(await pieces.next()).toBe('a')
      jest.advanceTimersByTime(lastWriteAt)
      first.resolve()
      expect(await pieces.next()).toBe('b')
      jest.advanceTimersByTime(keepAliveAt - lastWriteAt - 1)
      expect(asked.count).toBe(0)
      jest.advanceTimersByTime(1)
      expect(asked.count).toBe(1)
      second.resolve()
    },
  )

  test('writes nothing for an empty keep-alive', async () => {
    const { pieces, asked, first, second } = pausingStream(100, '')
    expect(await pieces.next()).toBe('a')
    jest.advanceTimersByTime(300)
    expect(asked.count).toBe(3)
    first.resolve()
    expect(await pieces.next()).toBe('b')
    second.resolve()
    expect(await pieces.next()).toBeUndefined()
  })

  test('runs one ticker while any stream that wants keep-alives is open, none otherwise', async () => {
    const respond = createStreamResponder({ keepAliveMs: 1_000 })
    const { framing: withKeepAlive } = keepingAlive(': ping\n\n')
    const gates = [0, 1, 2, 3].map(() => Promise.withResolvers<void>())
    const open = (index: number, streamFraming: StreamFraming) =>
      piecesOf(respond(scripted(['x', gates[index]?.promise as Promise<void>]), streamFraming))
    expect(jest.getTimerCount()).toBe(0)
    const plain = open(0, framing)
    expect(await plain.next()).toBe('x')
    expect(jest.getTimerCount()).toBe(0)
    const one = open(1, withKeepAlive)
    expect(await one.next()).toBe('x')
    expect(jest.getTimerCount()).toBe(1)
    const two = open(2, withKeepAlive)
    expect(await two.next()).toBe('x')
    expect(jest.getTimerCount()).toBe(1)
    gates[1]?.resolve()
    expect(await one.next()).toBeUndefined()
    expect(jest.getTimerCount()).toBe(1)
    // The source is stuck in an await: its return() comes once it moves on.
    const cancelling = two.cancel()
    await until(() => jest.getTimerCount() === 0)
    expect(jest.getTimerCount()).toBe(0)
    gates[2]?.resolve()
    await cancelling
    const three = open(3, withKeepAlive)
    expect(await three.next()).toBe('x')
    expect(jest.getTimerCount()).toBe(1)
    gates[3]?.resolve()
    expect(await three.next()).toBeUndefined()
    expect(jest.getTimerCount()).toBe(0)
    gates[0]?.resolve()
    expect(await plain.next()).toBeUndefined()
  })

  test('stops the ticker when a stream fails', async () => {
    const { framing: withKeepAlive } = keepingAlive(': ping\n\n')
    const gate = Promise.withResolvers<void>()
    async function* failing() {
      yield 'a'
      await gate.promise
      throw new OllamaError(504, 'the upstream went silent')
    }
    const pieces = piecesOf(createStreamResponder({ keepAliveMs: 1_000 })(failing(), withKeepAlive))
    expect(await pieces.next()).toBe('a')
    expect(jest.getTimerCount()).toBe(1)
    gate.resolve()
    expect(await pieces.next()).toBe('!504 the upstream went silent\n')
    expect(jest.getTimerCount()).toBe(0)
  })
})

describe('createStreamResponder over HTTP', () => {
  test('sends a keep-alive to the client while the source is silent', async () => {
    const gate = Promise.withResolvers<void>()
    const respond = createStreamResponder({ keepAliveMs: 50 })
    const withKeepAlive: StreamFraming = { ...framing, keepAlive: () => ': ping\n\n' }
    using server = Bun.serve({
      port: 0,
      fetch: () => respond(scripted(['a', gate.promise, 'b']), withKeepAlive),
    })
    const response = await fetch(server.url)
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let received = ''
    // Read until the keep-alive has arrived; only then let the source go on.
    while (!received.includes(': ping\n\n')) {
      const { value } = await reader.read()
      received += decoder.decode(value)
    }
    expect(received).toMatch(/^a(: ping\n\n)+$/)
    gate.resolve()
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      received += decoder.decode(read.value)
    }
    expect(received).toMatch(/^a(: ping\n\n)+b$/)
  })
})

/** A framing with state, as a surface's encoder is: its methods need `this`. */
class CountingFraming implements StreamFraming {
  readonly contentType = 'text/event-stream'
  readonly #pinged = Promise.withResolvers<void>()
  #pings = 0
  /** Settles once a keep-alive has been written. */
  readonly pinged = this.#pinged.promise

  keepAlive(): string {
    this.#pings += 1
    this.#pinged.resolve()
    return `ping ${this.#pings}\n`
  }

  failure(error: OllamaError): string {
    return `failed after ${this.#pings} ping(s): ${error.message}\n`
  }
}

describe('createStreamResponder: a framing with state', () => {
  const respond = createStreamResponder({ keepAliveMs: 0 })

  test("writes keep-alives from the framing's own method while the source is silent", async () => {
    const framing = new CountingFraming()
    async function* source() {
      yield 'first\n'
      await framing.pinged
      yield 'last\n'
    }
    const response = respond(source(), framing)
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    const text = await response.text()
    expect(text).toStartWith('first\nping 1\n')
    expect(text).toEndWith('last\n')
    expect(await streamOutcome(response)).toEqual({ kind: 'completed' })
  })

  test('ends a failing stream with the framing failure frame', async () => {
    const framing = new CountingFraming()
    async function* source() {
      yield 'first\n'
      await framing.pinged
      throw new OllamaError(502, 'upstream gone')
    }
    const response = respond(source(), framing)
    const text = await response.text()
    expect(text).toStartWith('first\nping 1\n')
    expect(text).toEndWith('ping(s): upstream gone\n')
    expect(await streamOutcome(response)).toMatchObject({ kind: 'failed', error: { status: 502 } })
  })
})
