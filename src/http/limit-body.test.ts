import { describe, expect, test } from 'bun:test'
import { OllamaError } from '../errors/ollama-error.ts'
import { bodyTooLarge, limitBody } from './limit-body.ts'

const chunks = (...sizes: number[]) => {
  let pulled = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const size = sizes[pulled++]
      if (size === undefined) controller.close()
      else controller.enqueue(new Uint8Array(size).fill(120))
    },
  })
  return { stream, pulled: () => pulled }
}

async function failure(promise: Promise<unknown>): Promise<OllamaError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof OllamaError) return error
    throw error
  }
  throw new Error('expected an OllamaError')
}

describe('limitBody', () => {
  test('passes a body of exactly the limit through', async () => {
    const { stream } = chunks(4, 6)
    expect(await new Response(limitBody(stream, 10)).text()).toBe('x'.repeat(10))
  })

  test('fails with 413 once the body passes the limit, and stops reading it', async () => {
    const source = chunks(4, 6, 1, 100, 100)
    const error = await failure(new Response(limitBody(source.stream, 10)).text())
    expect(error.status).toBe(413)
    expect(error.message).toBe('request body too large: the limit is 10 bytes (MAX_BODY_SIZE)')
    expect(source.pulled()).toBeLessThan(5)
  })

  test('fails a request whose body is read through it', async () => {
    const request = new Request('http://localhost/api/chat', {
      method: 'POST',
      body: limitBody(chunks(2048).stream, 1024),
      duplex: 'half',
    } as RequestInit)
    expect((await failure(request.text())).message).toBe(
      'request body too large: the limit is 1 KiB (MAX_BODY_SIZE)',
    )
  })
})

describe('bodyTooLarge', () => {
  test.each([
    [32 * 1024 ** 2, '32 MiB'],
    [1024 ** 3, '1 GiB'],
    [512 * 1024, '512 KiB'],
    [1536 * 1024, '1536 KiB'],
    [1000, '1000 bytes'],
  ])('states the limit of %p bytes as %s', (bytes, shown) => {
    const error = bodyTooLarge(bytes)
    expect(error.status).toBe(413)
    expect(error.message).toBe(`request body too large: the limit is ${shown} (MAX_BODY_SIZE)`)
  })
})
