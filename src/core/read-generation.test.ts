import { describe, expect, test } from 'bun:test'
import { OllamaError } from '../errors/ollama-error.ts'
import type { EventBatch } from '../upstream/read-server-sent-events.ts'
import type {
  GenerationBatch,
  GenerationDelta,
  GenerationEnd,
  StreamReader,
} from './generation-event.ts'
import { readGeneration } from './read-generation.ts'

const stop: GenerationEnd = { finishReason: 'stop', toolCalls: [] }

const text = (content: string): GenerationDelta => ({ content, thinking: '' })

/**
 * A reader of string chunks that logs what it is asked: each non-empty chunk is output, an empty
 * one adds nothing; `finish` returns or throws what the test says.
 */
function loggingReader(log: string[], finish: () => ReturnType<StreamReader<string>['finish']>) {
  const reader: StreamReader<string> = {
    read(chunk) {
      log.push(`read ${chunk}`)
      return chunk === '' ? undefined : text(chunk)
    },
    finish() {
      log.push('finish')
      return finish()
    },
  }
  return reader
}

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item
}

/** Reads every batch, logging each one and what it threw. */
async function readAll(
  events: AsyncIterable<EventBatch>,
  reader: StreamReader<string>,
  log: string[],
): Promise<{ batches: GenerationBatch[]; caught?: unknown }> {
  const batches: GenerationBatch[] = []
  try {
    const observer = {
      output: () => log.push('output'),
      ended: (end: GenerationEnd | undefined, error: unknown) =>
        log.push(
          `ended ${end ? end.finishReason : '-'} ${error instanceof Error ? error.message : '-'}`,
        ),
    }
    for await (const batch of readGeneration(events, reader, observer)) {
      log.push('batch')
      batches.push(batch)
    }
  } catch (caught) {
    return { batches, caught }
  }
  return { batches }
}

describe('readGeneration', () => {
  test('makes one batch of the output of each network read, and the end in the last', async () => {
    const log: string[] = []
    const { batches } = await readAll(
      from([
        { events: ['a', 'b'], last: false },
        { events: ['c'], last: false },
        { events: ['d', 'e'], last: true },
      ]),
      loggingReader(log, () => ({ end: stop })),
      log,
    )
    expect(batches).toEqual([
      { deltas: [text('a'), text('b')] },
      { deltas: [text('c')] },
      { deltas: [text('d'), text('e')], end: stop },
    ])
  })

  test('makes no batch for a read without output, but always one for the end', async () => {
    const log: string[] = []
    const { batches } = await readAll(
      from([
        { events: ['a'], last: false },
        { events: ['', ''], last: false },
        { events: [], last: false },
        { events: [''], last: true },
      ]),
      loggingReader(log, () => ({ end: stop })),
      log,
    )
    expect(batches).toEqual([{ deltas: [text('a')] }, { deltas: [], end: stop }])
  })

  test('adds the output the reader held back to the last batch, after the read output', async () => {
    const held: GenerationDelta = {
      content: '',
      thinking: '',
      toolCalls: [{ type: 'start', index: 0, id: 'call_1', name: 'f' }],
    }
    const log: string[] = []
    const { batches } = await readAll(
      from([{ events: ['a'], last: true }]),
      loggingReader(log, () => ({ last: held, end: stop })),
      log,
    )
    expect(batches).toEqual([{ deltas: [text('a'), held], end: stop }])
  })

  test('ends at the last batch without reading further', async () => {
    const log: string[] = []
    async function* events(): AsyncGenerator<EventBatch> {
      try {
        yield { events: ['a'], last: true }
        log.push('read past the last batch')
        yield { events: ['b'], last: true }
      } finally {
        log.push('closed')
      }
    }
    const { batches } = await readAll(
      events(),
      loggingReader(log, () => ({ end: stop })),
      log,
    )
    expect(batches).toEqual([{ deltas: [text('a')], end: stop }])
    expect(log).toEqual(['read a', 'output', 'closed', 'finish', 'batch', 'ended stop -'])
  })

  test('finishes a stream that ran out without a last batch', async () => {
    const log: string[] = []
    const { batches } = await readAll(
      from([{ events: ['a'], last: false }]),
      loggingReader(log, () => ({ last: text('z'), end: stop })),
      log,
    )
    expect(batches).toEqual([{ deltas: [text('a')] }, { deltas: [text('z')], end: stop }])
    expect(log).toEqual(['read a', 'output', 'batch', 'finish', 'batch', 'ended stop -'])
  })

  test('passes on the output of the last read before the error of a stream that cannot end well', async () => {
    const failure = new OllamaError(502, 'the upstream stream ended before the answer was complete')
    const log: string[] = []
    const { batches, caught } = await readAll(
      from([
        { events: ['a'], last: false },
        { events: ['b', 'c'], last: true },
      ]),
      loggingReader(log, () => {
        throw failure
      }),
      log,
    )
    expect(batches).toEqual([{ deltas: [text('a')] }, { deltas: [text('b'), text('c')] }])
    expect(caught).toBe(failure)
  })

  test('throws at once when the last read added no output before the error', async () => {
    const failure = new OllamaError(502, 'the upstream failed while generating')
    const log: string[] = []
    const { batches, caught } = await readAll(
      from([
        { events: ['a'], last: false },
        { events: [''], last: true },
      ]),
      loggingReader(log, () => {
        throw failure
      }),
      log,
    )
    expect(batches).toEqual([{ deltas: [text('a')] }])
    expect(caught).toBe(failure)
  })

  test('throws the error of a stream that ran out without a last batch, with nothing more', async () => {
    const failure = new OllamaError(502, 'cut short')
    const log: string[] = []
    const { batches, caught } = await readAll(
      from([{ events: ['a'], last: false }]),
      loggingReader(log, () => {
        throw failure
      }),
      log,
    )
    expect(batches).toEqual([{ deltas: [text('a')] }])
    expect(caught).toBe(failure)
  })

  test('passes on the failure of the event stream itself', async () => {
    const failure = new Error('connection reset')
    async function* events(): AsyncGenerator<EventBatch> {
      yield { events: ['a'], last: false }
      throw failure
    }
    const log: string[] = []
    const { batches, caught } = await readAll(
      events(),
      loggingReader(log, () => ({ end: stop })),
      log,
    )
    expect(batches).toEqual([{ deltas: [text('a')] }])
    expect(caught).toBe(failure)
    expect(log).not.toContain('finish')
  })

  test('tells of the first output once, before passing it on', async () => {
    const log: string[] = []
    await readAll(
      from([
        { events: [''], last: false },
        { events: ['', 'a'], last: false },
        { events: ['b'], last: false },
        { events: ['c'], last: true },
      ]),
      loggingReader(log, () => ({ end: stop })),
      log,
    )
    expect(log).toEqual([
      'read ',
      'read ',
      'read a',
      'output',
      'batch',
      'read b',
      'batch',
      'read c',
      'finish',
      'batch',
      'ended stop -',
    ])
  })

  test('tells of output that arrives with the end, before the end is passed on', async () => {
    const log: string[] = []
    await readAll(
      from([{ events: ['a'], last: true }]),
      loggingReader(log, () => ({ end: stop })),
      log,
    )
    expect(log).toEqual(['read a', 'output', 'finish', 'batch', 'ended stop -'])
  })

  test('never tells of output when there was none', async () => {
    const log: string[] = []
    await readAll(
      from([
        { events: [''], last: false },
        { events: [], last: true },
      ]),
      loggingReader(log, () => ({ end: stop })),
      log,
    )
    expect(log).toEqual(['read ', 'finish', 'batch', 'ended stop -'])
  })
})
