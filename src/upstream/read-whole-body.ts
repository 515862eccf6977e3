import { OllamaError } from '../errors/ollama-error.ts'

/** Every byte of an upstream answer, up to `maxBytes` (a larger answer is a 502). */
export async function readWholeBody(
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<Buffer> {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const bytes of body) {
    size += bytes.byteLength
    if (size > maxBytes) {
      throw new OllamaError(502, `the upstream's answer is larger than ${maxBytes} bytes`, {
        kind: 'upstream_invalid',
      })
    }
    chunks.push(bytes)
  }
  return Buffer.concat(chunks)
}
