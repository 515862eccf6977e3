import { afterEach, describe, expect, jest, test } from 'bun:test'
import { until } from '../../test/support/until.ts'
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

  describe('with a bounded wait', () => {
    afterEach(() => {
      jest.useRealTimers()
    })

    test('hands the stream over after waitMs with the first item still pending', async () => {
      jest.useFakeTimers()
      const { source, first, reads } = heldFirst(['b'])
      let handed: AsyncIterable<string> | undefined
      void prefetchFirst(source, 1_000).then((stream) => {
        handed = stream
      })
      await until(() => jest.getTimerCount() > 0)
      jest.advanceTimersByTime(999)
      await until(() => handed !== undefined)
      expect(handed).toBeUndefined()
      jest.advanceTimersByTime(1)
      await until(() => handed !== undefined)
      expect({ handed: handed !== undefined, reads: reads() }).toEqual({ handed: true, reads: 1 })
      first.resolve({ done: false, value: 'a' })
      expect(await Array.fromAsync(handed as AsyncIterable<string>)).toEqual(['a', 'b'])
      expect(reads()).toBe(3)
    })

    test('hands the stream over as soon as the first item arrives, and clears its timer', async () => {
      jest.useFakeTimers()
      const { log, source } = recorded(['a', 'b'])
      const stream = await prefetchFirst(source, 60_000)
      expect({ log, timers: jest.getTimerCount() }).toEqual({ log: ['yield a'], timers: 0 })
      expect(await Array.fromAsync(stream)).toEqual(['a', 'b'])
    })

    test('rejects when the stream fails within the wait, and clears its timer', async () => {
      jest.useFakeTimers()
      const failure = new OllamaError(503, 'the upstream is overloaded')
      const { source } = recorded(['a'], { count: 0, error: failure })
      await expect(prefetchFirst(source, 60_000)).rejects.toBe(failure)
      expect(jest.getTimerCount()).toBe(0)
    })

    test('gives a failure after the handover to the reader, never as an unhandled rejection', async () => {
      jest.useFakeTimers()
      const { source, first } = heldFirst(['b'])
      const prefetching = prefetchFirst(source, 10)
      jest.advanceTimersByTime(10)
      const stream = await prefetching
      jest.useRealTimers()
      const failure = new OllamaError(502, 'the upstream closed the connection mid-answer')
      first.reject(failure)
      // A turn of the event loop: an unhandled rejection would be reported (and fail the test) here.
      await Bun.sleep(1)
      await expect(stream[Symbol.asyncIterator]().next()).rejects.toBe(failure)
    })

    test('sets no timer and hands nothing over before the first item without a bound', async () => {
      jest.useFakeTimers()
      const { source, first } = heldFirst([])
      let handed = false
      const prefetching = prefetchFirst(source).then((stream) => {
        handed = true
        return stream
      })
      await until(() => handed)
      expect(jest.getTimerCount()).toBe(0)
      jest.advanceTimersByTime(24 * 3_600_000)
      await until(() => handed)
      expect(handed).toBe(false)
      first.resolve({ done: false, value: 'a' })
      expect(await Array.fromAsync(await prefetching)).toEqual(['a'])
    })
  })
})

/** A source whose first item comes when the test says so, then `rest`; counts its reads. */
function heldFirst(rest: readonly string[]) {
  const first = Promise.withResolvers<IteratorResult<string>>()
  let reads = 0
  const source: AsyncIterable<string> = {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        reads += 1
        if (reads === 1) return first.promise
        const value = rest[reads - 2]
        return Promise.resolve(
          value === undefined ? { done: true, value: undefined } : { done: false, value },
        )
      },
    }),
  }
  return { source, first, reads: () => reads }
}
