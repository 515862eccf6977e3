import { describe, expect, test } from 'bun:test'
import { OllamaError } from '../errors/ollama-error.ts'
import { prefetchFirst } from './prefetch-first.ts'

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item
}

/** A source that records how far it was read and whether it was closed. */
function recorded<T>(items: readonly T[], failAfter?: { count: number; error: unknown }) {
  const log: string[] = []
  async function* source(): AsyncGenerator<T> {
    try {
      for (const [index, item] of items.entries()) {
        if (failAfter && index === failAfter.count) throw failAfter.error
        log.push(`yield ${String(item)}`)
        yield item
      }
      if (failAfter && failAfter.count === items.length) throw failAfter.error
    } finally {
      log.push('closed')
    }
  }
  return { log, source: source() }
}

describe('prefetchFirst', () => {
  test('reads exactly the first item before handing the stream over', async () => {
    const { log, source } = recorded(['a', 'b', 'c'])
    await prefetchFirst(source)
    expect(log).toEqual(['yield a'])
  })

  test('yields every item, the prefetched one first', async () => {
    expect(await Array.fromAsync(await prefetchFirst(from([1, 2, 3])))).toEqual([1, 2, 3])
  })

  test('yields a one-item stream', async () => {
    expect(await Array.fromAsync(await prefetchFirst(from(['only'])))).toEqual(['only'])
  })

  test('hands over an empty stream that yields nothing', async () => {
    expect(await Array.fromAsync(await prefetchFirst(from([])))).toEqual([])
  })

  test('rejects when the stream fails before its first item (an HTTP error is still possible)', async () => {
    const failure = new OllamaError(429, 'rate limit exceeded')
    const { source } = recorded(['a'], { count: 0, error: failure })
    await expect(prefetchFirst(source)).rejects.toBe(failure)
  })

  test('fails during iteration when the stream fails after its first item', async () => {
    const failure = new Error('upstream went away')
    const { source } = recorded(['a', 'b'], { count: 1, error: failure })
    const stream = await prefetchFirst(source)
    const seen: string[] = []
    let caught: unknown
    try {
      for await (const item of stream) seen.push(item)
    } catch (error) {
      caught = error
    }
    expect({ seen, caught }).toEqual({ seen: ['a'], caught: failure })
  })

  test('closes the source when the consumer stops early', async () => {
    const { log, source } = recorded(['a', 'b', 'c'])
    const stream = await prefetchFirst(source)
    for await (const item of stream) {
      if (item === 'a') break
    }
    expect(log).toEqual(['yield a', 'closed'])
  })

  test('closes the source when the consumer stops after more items', async () => {
    const { log, source } = recorded(['a', 'b', 'c'])
    for await (const item of await prefetchFirst(source)) {
      if (item === 'b') break
    }
    expect(log).toEqual(['yield a', 'yield b', 'closed'])
  })

  test('ends quietly when stopped early on a source without return()', async () => {
    let reads = 0
    const source: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          reads += 1
          return { done: false, value: reads }
        },
      }),
    }
    const stream = await prefetchFirst(source)
    const iterator = stream[Symbol.asyncIterator]()
    expect(await iterator.next()).toEqual({ done: false, value: 1 })
    expect(await iterator.next()).toEqual({ done: false, value: 2 })
    expect(await iterator.return?.()).toEqual({ done: true, value: undefined })
    expect(reads).toBe(2)
  })
})
