import { describe, expect, test } from 'bun:test'
import type { ChatCompletionChunk } from 'openai/resources/chat/completions'
import { thrown } from '../../test/support/thrown.ts'
import type { ToolCallEvent } from '../core/generation-event.ts'
import { ToolCallStream } from './tool-call-stream.ts'

type ToolCallDelta = ChatCompletionChunk.Choice.Delta.ToolCall
/** A delta as some providers send it: without `index`. */
type LooseDelta = Omit<ToolCallDelta, 'index'> & { index?: number }

/** Every event the deltas of each chunk made, then the events and calls at the end. */
function stream(...chunks: LooseDelta[][]) {
  const calls = new ToolCallStream()
  const events: ToolCallEvent[][] = chunks.map((deltas) => calls.add(deltas as ToolCallDelta[]))
  return { events, finish: () => calls.finish() }
}

const start = (index: number, id: string, name: string): ToolCallEvent => ({
  type: 'start',
  index,
  id,
  name,
})
const args = (index: number, text: string): ToolCallEvent => ({ type: 'arguments', index, text })

describe('ToolCallStream: events', () => {
  test('starts a call once its name is known, then passes each argument fragment on', () => {
    const { events, finish } = stream(
      [
        {
          index: 0,
          id: 'call_abc',
          type: 'function',
          function: { name: 'get_weather', arguments: '' },
        },
      ],
      [{ index: 0, function: { arguments: '{"ci' } }],
      [{ index: 0, function: { arguments: 'ty": "To' } }],
      [{ index: 0, function: { arguments: 'kyo"}' } }],
    )
    expect(events).toEqual([
      [start(0, 'call_abc', 'get_weather')],
      [args(0, '{"ci')],
      [args(0, 'ty": "To')],
      [args(0, 'kyo"}')],
    ])
    expect(finish()).toEqual({
      events: [],
      calls: [{ id: 'call_abc', name: 'get_weather', arguments: { city: 'Tokyo' } }],
    })
  })

  test('holds arguments that came before the name, and sends them with the start', () => {
    const { events, finish } = stream(
      [{ index: 0, function: { arguments: '{' } }],
      [{ index: 0, id: 'late', function: { name: 'f', arguments: '}' } }],
    )
    expect(events).toEqual([[], [start(0, 'late', 'f'), args(0, '{}')]])
    expect(finish().calls).toEqual([{ id: 'late', name: 'f', arguments: {} }])
  })

  test('streams calls that come one after another, each starting when the previous is whole', () => {
    const { events } = stream(
      [{ index: 0, id: 'a', function: { name: 'f', arguments: '{"n":' } }],
      [{ index: 0, function: { arguments: '1}' } }],
      [{ index: 1, id: 'b', function: { name: 'g', arguments: '{"n":2}' } }],
    )
    expect(events).toEqual([
      [start(0, 'a', 'f'), args(0, '{"n":')],
      [args(0, '1}')],
      [start(1, 'b', 'g'), args(1, '{"n":2}')],
    ])
  })

  test('holds a call back while the open one is not whole, and sends it whole at the end', () => {
    const { events, finish } = stream(
      [{ index: 0, id: 'a', type: 'function', function: { name: 'get_weather', arguments: '' } }],
      [{ index: 1, id: 'b', type: 'function', function: { name: 'get_time', arguments: '' } }],
      [{ index: 0, function: { arguments: '{"city":' } }],
      [{ index: 1, function: { arguments: '{"zone":"JST"}' } }],
      [{ index: 0, function: { arguments: '"Paris"}' } }],
    )
    expect(events).toEqual([
      [start(0, 'a', 'get_weather')],
      [],
      [args(0, '{"city":')],
      [],
      [args(0, '"Paris"}')],
    ])
    expect(finish()).toEqual({
      events: [start(1, 'b', 'get_time'), args(1, '{"zone":"JST"}')],
      calls: [
        { id: 'a', name: 'get_weather', arguments: { city: 'Paris' } },
        { id: 'b', name: 'get_time', arguments: { zone: 'JST' } },
      ],
    })
  })

  test('starts a held call as soon as a delta of it arrives after the open call is whole', () => {
    const { events } = stream(
      [{ index: 0, id: 'a', function: { name: 'f', arguments: '{' } }],
      [{ index: 1, id: 'b', function: { name: 'g', arguments: '{' } }],
      [{ index: 0, function: { arguments: '}' } }],
      [{ index: 1, function: { arguments: '}' } }],
    )
    expect(events).toEqual([
      [start(0, 'a', 'f'), args(0, '{')],
      [],
      [args(0, '}')],
      [start(1, 'b', 'g'), args(1, '{}')],
    ])
  })

  test('lists calls in output order, numbered from 0, whatever their upstream index', () => {
    const { finish } = stream(
      [{ index: 3, id: 'late', function: { name: 'f', arguments: '{}' } }],
      [{ index: 1, id: 'earlier', function: { name: 'g', arguments: '{}' } }],
    )
    expect(finish().calls.map((call) => call.id)).toEqual(['late', 'earlier'])
  })
})

describe('ToolCallStream: whole calls', () => {
  test('finishes with no calls when none arrived', () => {
    expect(new ToolCallStream().finish()).toEqual({ events: [], calls: [] })
    expect(stream([]).finish()).toEqual({ events: [], calls: [] })
  })

  test('does not double an id and name repeated on every delta', () => {
    const { finish } = stream(
      [
        {
          index: 0,
          id: 'call_1',
          type: 'function',
          function: { name: 'search', arguments: '{"q":' },
        },
      ],
      [
        {
          index: 0,
          id: 'call_1',
          type: 'function',
          function: { name: 'search', arguments: '"cats"' },
        },
      ],
      [{ index: 0, id: 'call_1', type: 'function', function: { name: 'search', arguments: '}' } }],
    )
    expect(finish().calls).toEqual([{ id: 'call_1', name: 'search', arguments: { q: 'cats' } }])
  })

  test('keys deltas without index by their id (whole calls in one delta each)', () => {
    const { finish } = stream([
      { id: 'x', type: 'function', function: { name: 'f', arguments: '{"n":1}' } },
      { id: 'y', type: 'function', function: { name: 'g', arguments: '{"n":2}' } },
    ])
    expect(finish().calls).toEqual([
      { id: 'x', name: 'f', arguments: { n: 1 } },
      { id: 'y', name: 'g', arguments: { n: 2 } },
    ])
  })

  test('matches index-less deltas to calls by id, not by their position in the batch', () => {
    const { finish } = stream(
      [
        { id: 'x', function: { name: 'f', arguments: '{"a":' } },
        { id: 'y', function: { name: 'g', arguments: '{"b":' } },
      ],
      [{ id: 'y', function: { arguments: '2}' } }],
      [{ id: 'x', function: { arguments: '1}' } }],
    )
    expect(finish().calls).toEqual([
      { id: 'x', name: 'f', arguments: { a: 1 } },
      { id: 'y', name: 'g', arguments: { b: 2 } },
    ])
  })

  test('gives calls without an id distinct random ids, keyed by position', () => {
    const { events, finish } = stream([
      { function: { name: 'f', arguments: '{}' } },
      { function: { name: 'g', arguments: '{"k":"v"}' } },
    ])
    const calls = finish().calls
    expect(calls.map(({ name, arguments: a }) => [name, a])).toEqual([
      ['f', {}],
      ['g', { k: 'v' }],
    ])
    for (const call of calls) expect(call.id).toMatch(/^call_[0-9a-f]{24}$/)
    expect(calls[0]?.id).not.toBe(calls[1]?.id)
    expect(events[0]?.filter((event) => event.type === 'start').map((event) => event.id)).toEqual(
      calls.map((call) => call.id),
    )
  })

  test.each(['', '   ', '\n'])('turns the empty arguments %p into {}', (text) => {
    const { finish } = stream([{ index: 0, id: 'c', function: { name: 'now', arguments: text } }])
    expect(finish().calls).toEqual([{ id: 'c', name: 'now', arguments: {} }])
  })

  test('turns a call whose deltas never carried arguments into {}', () => {
    const { finish } = stream([{ index: 0, id: 'c', type: 'function', function: { name: 'now' } }])
    expect(finish().calls).toEqual([{ id: 'c', name: 'now', arguments: {} }])
  })

  test('keeps nested argument values, and their key order', () => {
    const value = { filter: { tags: ['a', 'b'], since: null, limit: 5, exact: false }, z: 1, a: 2 }
    const { finish } = stream([
      { index: 0, id: 'c', function: { name: 'find', arguments: JSON.stringify(value) } },
    ])
    const [call] = finish().calls
    expect(call?.arguments).toEqual(value)
    expect(JSON.stringify(call?.arguments)).toBe(JSON.stringify(value))
  })

  test.each([
    ['truncated JSON', '{"city":'],
    ['not JSON', 'city=Tokyo'],
    ['a JSON array', '[1,2]'],
    ['JSON null', 'null'],
    ['a JSON string', '"Tokyo"'],
    ['a JSON number', '42'],
  ])('fails with a 502 for %s', (_name, text) => {
    const { finish } = stream([
      { index: 0, id: 'c', function: { name: 'get_weather', arguments: text } },
    ])
    const error = thrown(() => finish())
    expect({ status: error.status, message: error.message }).toEqual({
      status: 502,
      message: `the upstream returned invalid arguments for tool call "get_weather": ${text}`,
    })
  })
})
