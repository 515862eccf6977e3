import { describe, expect, test } from 'bun:test'
import { OllamaError } from '../errors/ollama-error.ts'
import { NdjsonStream } from '../services/ndjson-stream.ts'
import type { StreamFraming, StreamResponder } from './stream-response.ts'
import { ndjsonFraming, toHttpReply } from './to-http-reply.ts'

/** A responder that records what it was asked to stream. */
function recordingResponder() {
  const calls: { text: AsyncIterable<string | Uint8Array>; framing: StreamFraming }[] = []
  const response = new Response('streamed')
  const respond: StreamResponder = (text, framing) => {
    calls.push({ text, framing })
    return response
  }
  return { respond, calls, response }
}

describe('ndjsonFraming', () => {
  test('is NDJSON that fails with a last error line, and has no keep-alives', () => {
    expect(ndjsonFraming.contentType).toBe('application/x-ndjson')
    expect(ndjsonFraming.failure(new OllamaError(502, 'the upstream said "no"'))).toBe(
      '{"error":"the upstream said \\"no\\""}\n',
    )
    expect(ndjsonFraming.keepAlive).toBeUndefined()
  })
})

describe('toHttpReply', () => {
  test('streams an NDJSON stream through the responder, with the NDJSON framing', () => {
    const { respond, calls, response } = recordingResponder()
    const stream = NdjsonStream.of([{ a: 1 }])
    expect(toHttpReply(stream, respond)).toBe(response)
    expect(calls.length).toBe(1)
    expect(calls[0]?.text).toBe(stream.text)
    expect(calls[0]?.framing).toBe(ndjsonFraming)
  })

  test('answers an object with one line of compact JSON, as Ollama does', async () => {
    const { respond, calls } = recordingResponder()
    const reply = toHttpReply({ model: 'qwen3', done: true, nested: { list: [1, 'é'] } }, respond)
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await reply.text()).toBe('{"model":"qwen3","done":true,"nested":{"list":[1,"é"]}}')
    expect(calls).toEqual([])
  })
})
