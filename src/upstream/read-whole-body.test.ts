import { describe, expect, test } from 'bun:test'
import { OllamaError } from '../errors/ollama-error.ts'
import { readWholeBody } from './read-whole-body.ts'

async function* pieces(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield new TextEncoder().encode(part)
}

describe('readWholeBody', () => {
  test('joins every piece', async () => {
    expect((await readWholeBody(pieces('{"a":', '1}'), 7)).toString()).toBe('{"a":1}')
  })

  test('refuses an answer larger than the limit with a 502, once it passes the limit', async () => {
    const error = await readWholeBody(pieces('1234', '5678'), 7).catch((failure) => failure)
    expect(error).toBeInstanceOf(OllamaError)
    expect([error.status, error.kind, error.message]).toEqual([
      502,
      'upstream_invalid',
      "the upstream's answer is larger than 7 bytes",
    ])
  })
})
