import { describe, expect, test } from 'bun:test'
import { toTokenLogprobs } from './to-token-logprobs.ts'

describe('toTokenLogprobs', () => {
  test('maps tokens, log probabilities, bytes and alternatives', () => {
    expect(
      toTokenLogprobs([
        {
          token: 'Hi',
          logprob: -0.01,
          bytes: [72, 105],
          top_logprobs: [
            { token: 'Hi', logprob: -0.01, bytes: [72, 105] },
            { token: 'Hey', logprob: -4.2, bytes: [72, 101, 121] },
          ],
        },
      ]),
    ).toEqual([
      {
        token: 'Hi',
        logprob: -0.01,
        bytes: [72, 105],
        top_logprobs: [
          { token: 'Hi', logprob: -0.01, bytes: [72, 105] },
          { token: 'Hey', logprob: -4.2, bytes: [72, 101, 121] },
        ],
      },
    ])
  })

  test('leaves out null bytes and an empty list of alternatives', () => {
    const [entry] = toTokenLogprobs([{ token: '!', logprob: -1, bytes: null, top_logprobs: [] }])
    expect(entry).toEqual({ token: '!', logprob: -1 })
    expect(Object.keys(entry ?? {})).toEqual(['token', 'logprob'])
  })

  test('leaves out null bytes of alternatives', () => {
    expect(
      toTokenLogprobs([
        {
          token: 'a',
          logprob: -2,
          bytes: [97],
          top_logprobs: [{ token: 'b', logprob: -3, bytes: null }],
        },
      ]),
    ).toEqual([
      { token: 'a', logprob: -2, bytes: [97], top_logprobs: [{ token: 'b', logprob: -3 }] },
    ])
  })

  test('maps an empty list to an empty list', () => {
    expect(toTokenLogprobs([])).toEqual([])
  })
})
