import { OllamaError } from '../errors/ollama-error.ts'

/** 413: the request body is over MAX_BODY_SIZE (`maxBytes`). */
export function bodyTooLarge(maxBytes: number): OllamaError {
  return new OllamaError(
    413,
    `request body too large: the limit is ${formatBytes(maxBytes)} (MAX_BODY_SIZE)`,
  )
}

/**
 * `body`, passed through until more than `maxBytes` have come: then it fails with
 * `bodyTooLarge` and stops reading the client's body (the rest is never held in memory).
 */
export function limitBody(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
): ReadableStream<Uint8Array> {
  let received = 0
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength
        if (received > maxBytes) controller.error(bodyTooLarge(maxBytes))
        else controller.enqueue(chunk)
      },
    }),
  )
}

function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (bytes % size === 0) return `${bytes / size} ${unit}`
  }
  return `${bytes} bytes`
}
