import { describe, expect, test } from 'bun:test'
import type { ChatCompletionChunk } from 'openai/resources/chat/completions'
import { thrown } from '../../test/support/thrown.ts'
import { ToolCallAccumulator } from './tool-call-accumulator.ts'

type ToolCallDelta = ChatCompletionChunk.Choice.Delta.ToolCall
/** A delta as some providers send it: without `index`. */
type LooseDelta = Omit<ToolCallDelta, 'index'> & { index?: number }

function accumulate(...batches: LooseDelta[][]) {
  const accumulator = new ToolCallAccumulator()
  for (const batch of batches) accumulator.add(batch as ToolCallDelta[])
  return accumulator
}

describe('ToolCallAccumulator', () => {
  test('orders the calls by index, whatever order their first deltas came in', () => {
    const calls = accumulate(
      [{ index: 1, id: 'b', type: 'function', function: { name: 'second', arguments: '{}' } }],
      [{ index: 0, id: 'a', type: 'function', function: { name: 'first', arguments: '{}' } }],
    ).finish()
    expect(calls.map((call) => [call.id, call.function.index])).toEqual([
      ['a', 0],
      ['b', 1],
    ])
  })

  test('finishes with no calls when none arrived', () => {
    expect(new ToolCallAccumulator().finish()).toEqual([])
    expect(accumulate([]).finish()).toEqual([])
  })

  test('assembles OpenAI-style deltas: id and name first, then argument fragments', () => {
    const calls = accumulate(
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
    ).finish()
    expect(calls).toEqual([
      { id: 'call_abc', function: { index: 0, name: 'get_weather', arguments: { city: 'Tokyo' } } },
    ])
  })

  test('assembles parallel calls by index, even when their deltas interleave', () => {
    const calls = accumulate(
      [{ index: 0, id: 'a', type: 'function', function: { name: 'get_weather', arguments: '' } }],
      [{ index: 1, id: 'b', type: 'function', function: { name: 'get_time', arguments: '' } }],
      [{ index: 0, function: { arguments: '{"city":' } }],
      [{ index: 1, function: { arguments: '{"zone":"JST"}' } }],
      [{ index: 0, function: { arguments: '"Paris"}' } }],
    ).finish()
    expect(calls).toEqual([
      { id: 'a', function: { index: 0, name: 'get_weather', arguments: { city: 'Paris' } } },
      { id: 'b', function: { index: 1, name: 'get_time', arguments: { zone: 'JST' } } },
    ])
  })

  test('does not double an id and name repeated on every delta', () => {
    const calls = accumulate(
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
    ).finish()
    expect(calls).toEqual([
      { id: 'call_1', function: { index: 0, name: 'search', arguments: { q: 'cats' } } },
    ])
  })

  test('takes the id and name from a later delta when the first lacks them', () => {
    const calls = accumulate(
      [{ index: 0, function: { arguments: '{' } }],
      [{ index: 0, id: 'late', function: { name: 'f', arguments: '}' } }],
    ).finish()
    expect(calls).toEqual([{ id: 'late', function: { index: 0, name: 'f', arguments: {} } }])
  })

  test('keys deltas without index by their id (whole calls in one delta each)', () => {
    const calls = accumulate([
      { id: 'x', type: 'function', function: { name: 'f', arguments: '{"n":1}' } },
      { id: 'y', type: 'function', function: { name: 'g', arguments: '{"n":2}' } },
    ]).finish()
    expect(calls).toEqual([
      { id: 'x', function: { index: 0, name: 'f', arguments: { n: 1 } } },
      { id: 'y', function: { index: 1, name: 'g', arguments: { n: 2 } } },
    ])
  })

  test('continues an id-keyed call when a later delta repeats the id', () => {
    const calls = accumulate(
      [{ id: 'x', function: { name: 'f', arguments: '{"a":' } }],
      [{ id: 'x', function: { arguments: '1}' } }],
    ).finish()
    expect(calls).toEqual([{ id: 'x', function: { index: 0, name: 'f', arguments: { a: 1 } } }])
  })

  test('matches index-less deltas to calls by id, not by their position in the batch', () => {
    const calls = accumulate(
      [
        { id: 'x', function: { name: 'f', arguments: '{"a":' } },
        { id: 'y', function: { name: 'g', arguments: '{"b":' } },
      ],
      [{ id: 'y', function: { arguments: '2}' } }],
      [{ id: 'x', function: { arguments: '1}' } }],
    ).finish()
    expect(calls).toEqual([
      { id: 'x', function: { index: 0, name: 'f', arguments: { a: 1 } } },
      { id: 'y', function: { index: 1, name: 'g', arguments: { b: 2 } } },
    ])
  })

  test('keys deltas with neither index nor id by their position, with synthesized ids', () => {
    const calls = accumulate([
      { function: { name: 'f', arguments: '{}' } },
      { function: { name: 'g', arguments: '{"k":"v"}' } },
    ]).finish()
    expect(calls).toEqual([
      { id: 'call_0', function: { index: 0, name: 'f', arguments: {} } },
      { id: 'call_1', function: { index: 1, name: 'g', arguments: { k: 'v' } } },
    ])
  })

  test('gives a call without id the id call_<position>', () => {
    const calls = accumulate(
      [{ index: 0, id: 'a', function: { name: 'f', arguments: '{}' } }],
      [{ index: 1, function: { name: 'g', arguments: '{}' } }],
    ).finish()
    expect(calls.map((call) => call.id)).toEqual(['a', 'call_1'])
  })

  test('lists calls in the order they first appeared, numbered from 0', () => {
    const calls = accumulate(
      [{ index: 3, id: 'late', function: { name: 'f', arguments: '{}' } }],
      [{ index: 5, id: 'later', function: { name: 'g', arguments: '{}' } }],
    ).finish()
    expect(calls).toEqual([
      { id: 'late', function: { index: 0, name: 'f', arguments: {} } },
      { id: 'later', function: { index: 1, name: 'g', arguments: {} } },
    ])
  })

  test.each(['', '   ', '\n'])('turns the empty arguments %p into {}', (args) => {
    const calls = accumulate([
      { index: 0, id: 'c', function: { name: 'now', arguments: args } },
    ]).finish()
    expect(calls).toEqual([{ id: 'c', function: { index: 0, name: 'now', arguments: {} } }])
  })

  test('turns a call whose deltas never carried arguments into {}', () => {
    const calls = accumulate([
      { index: 0, id: 'c', type: 'function', function: { name: 'now' } },
    ]).finish()
    expect(calls).toEqual([{ id: 'c', function: { index: 0, name: 'now', arguments: {} } }])
  })

  test('keeps nested argument values', () => {
    const args = { filter: { tags: ['a', 'b'], since: null, limit: 5, exact: false } }
    const calls = accumulate([
      { index: 0, id: 'c', function: { name: 'find', arguments: JSON.stringify(args) } },
    ]).finish()
    expect(calls[0]?.function.arguments).toEqual(args)
  })

  test.each([
    ['truncated JSON', '{"city":'],
    ['not JSON', 'city=Tokyo'],
    ['a JSON array', '[1,2]'],
    ['JSON null', 'null'],
    ['a JSON string', '"Tokyo"'],
    ['a JSON number', '42'],
  ])('fails with a 502 for %s', (_name, args) => {
    const accumulator = accumulate([
      { index: 0, id: 'c', function: { name: 'get_weather', arguments: args } },
    ])
    const error = thrown(() => accumulator.finish())
    expect({ status: error.status, message: error.message }).toEqual({
      status: 502,
      message: `the upstream returned invalid arguments for tool call "get_weather": ${args}`,
    })
  })
})
