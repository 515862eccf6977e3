import { describe, expect, test } from 'bun:test'
import { retryAdvice } from './retry-advice.ts'

describe('retryAdvice', () => {
  test.each([400, 401, 403, 404, 405, 413, 422, 499, 500, 501])(
    'tells clients not to send a %p again',
    (status) => {
      expect(retryAdvice(status)).toEqual({ 'x-should-retry': 'false' })
    },
  )

  test.each([408, 409, 429, 502, 503, 504, 529])('leaves a %p to the client', (status) => {
    expect(retryAdvice(status)).toEqual({})
  })
})
