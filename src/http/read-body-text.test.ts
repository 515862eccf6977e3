import { describe, expect, test } from 'bun:test'
import zlib from 'node:zlib'
import { OllamaError } from '../errors/ollama-error.ts'
import { maxDecodedBodyBytes, readBodyText } from './read-body-text.ts'

const body = JSON.stringify({ model: 'gpt-test', input: 'Hi ✓' })

const post = (payload: Uint8Array | string, encoding?: string) =>
  new Request('http://localhost/v1/responses', {
    method: 'POST',
    body: payload,
    headers: encoding === undefined ? {} : { 'content-encoding': encoding },
  })

async function failure(read: Promise<unknown>): Promise<OllamaError> {
  const error = await read.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!(error instanceof OllamaError)) throw new Error(`expected an OllamaError, got ${error}`)
  return error
}

describe('readBodyText', () => {
  test.each([
    ['zstd', zlib.zstdCompressSync],
    ['gzip', zlib.gzipSync],
    ['x-gzip', zlib.gzipSync],
    ['deflate', zlib.deflateSync],
    ['br', zlib.brotliCompressSync],
  ])('decompresses a %s body', async (encoding, compress) => {
    expect(await readBodyText(post(compress(body), encoding))).toBe(body)
  })

  test('reads plain bodies as they are (no header, identity, any case and spacing)', async () => {
    expect(await readBodyText(post(body))).toBe(body)
    expect(await readBodyText(post(body, 'identity'))).toBe(body)
    expect(await readBodyText(post(zlib.zstdCompressSync(body), ' ZSTD '))).toBe(body)
  })

  test('a body that does not decompress is a 400 naming the encoding', async () => {
    const error = await failure(readBodyText(post(body, 'zstd')))
    expect(error.status).toBe(400)
    expect(error.message).toStartWith('invalid zstd request body: ')
    expect((await failure(readBodyText(post(body, 'gzip')))).message).toStartWith(
      'invalid gzip request body: ',
    )
  })

  test('more than the limit once decompressed is a 413, found without decompressing it all', async () => {
    const bomb = zlib.zstdCompressSync(new Uint8Array(64 * 1024 * 1024))
    expect(bomb.length).toBeLessThan(10_000)
    const error = await failure(readBodyText(post(bomb, 'zstd')))
    expect(error.status).toBe(413)
    expect(error.message).toBe(
      `request body too large: more than ${maxDecodedBodyBytes} bytes once decompressed`,
    )
    expect(maxDecodedBodyBytes).toBe(20 * 1024 * 1024)
  })

  test('the limit is exact', async () => {
    const exactly = 'x'.repeat(1000)
    expect(await readBodyText(post(zlib.gzipSync(exactly), 'gzip'), 1000)).toBe(exactly)
    expect(
      (await failure(readBodyText(post(zlib.gzipSync(`${exactly}x`), 'gzip'), 1000))).status,
    ).toBe(413)
  })

  test('another encoding is a 415 listing the ones understood', async () => {
    const error = await failure(readBodyText(post(body, 'compress')))
    expect(error.status).toBe(415)
    expect(error.message).toBe(
      'unsupported Content-Encoding "compress": send gzip, deflate, br, zstd or an uncompressed body',
    )
    expect((await failure(readBodyText(post(body, 'toString')))).status).toBe(415)
  })
})
