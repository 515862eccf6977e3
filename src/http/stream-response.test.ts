import { describe, expect, test } from 'bun:test'
import { OllamaError } from '../errors/ollama-error.ts'
import { createStreamResponder, type StreamFraming, streamOutcome } from './stream-response.ts'

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

describe('createStreamResponder', () => {
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
