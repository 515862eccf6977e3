import zlib from 'node:zlib'
import { OllamaError } from '../errors/ollama-error.ts'

/**
 * The most bytes a compressed request body may decompress to: enough for a long agent session
 * (Codex compresses its /v1/responses bodies), and a stop to decompression bombs. Ollama caps the
 * same at 20 MiB.
 */
export const maxDecodedBodyBytes = 20 * 1024 * 1024

type Decode = (bytes: Uint8Array, options: { maxOutputLength: number }) => Uint8Array

const decoders: Record<string, Decode> = {
  zstd: zlib.zstdDecompressSync,
  gzip: zlib.gunzipSync,
  'x-gzip': zlib.gunzipSync,
  deflate: zlib.inflateSync,
  br: zlib.brotliDecompressSync,
}

/**
 * A request body as text, decompressed when its `Content-Encoding` says so (zstd, gzip, deflate,
 * br), to at most `maxBytes`: beyond that 413, a body that does not decompress 400, another
 * encoding 415.
 */
export async function readBodyText(
  request: Request,
  maxBytes = maxDecodedBodyBytes,
): Promise<string> {
  const encoding = request.headers.get('content-encoding')?.trim().toLowerCase() ?? ''
  if (encoding === '' || encoding === 'identity') return request.text()
  const decode = Object.hasOwn(decoders, encoding) ? decoders[encoding] : undefined
  if (decode === undefined) {
    throw new OllamaError(
      415,
      `unsupported Content-Encoding "${encoding}": send gzip, deflate, br, zstd or an uncompressed body`,
    )
  }
  const compressed = await request.bytes()
  let decoded: Uint8Array
  try {
    decoded = decode(compressed, { maxOutputLength: maxBytes })
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new OllamaError(
        413,
        `request body too large: more than ${maxBytes} bytes once decompressed`,
      )
    }
    throw OllamaError.badRequest(`invalid ${encoding} request body: ${(error as Error).message}`)
  }
  return new TextDecoder().decode(decoded)
}
