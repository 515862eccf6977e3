import { describe, expect, test } from 'bun:test'
import { type ErrorKind, OllamaError } from '../errors/ollama-error.ts'
import { retryAdvice } from './retry-advice.ts'

describe('retryAdvice', () => {
  test.each([
    [400, undefined],
    [404, undefined],
    [413, undefined],
    [499, undefined],
    [500, undefined],
    [501, undefined],
    [502, 'upstream_auth'],
    [502, 'upstream_invalid'],
  ] as [number, ErrorKind | undefined][])(
    'tells clients not to send a %p (%s) again',
    (status, kind) => {
      expect(retryAdvice(new OllamaError(status, 'x', { kind }))).toEqual({
        'x-should-retry': 'false',
      })
    },
  )

  test.each([
    [429, undefined],
    [503, undefined],
    [504, undefined],
    [502, undefined],
    [502, 'upstream_unreachable'],
    [502, 'upstream_closed'],
  ] as [number, ErrorKind | undefined][])('leaves a %p (%s) to the client', (status, kind) => {
    expect(retryAdvice(new OllamaError(status, 'x', { kind }))).toEqual({})
  })
})
