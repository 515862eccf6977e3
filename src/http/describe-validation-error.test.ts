import { describe, expect, test } from 'bun:test'
import { describeValidationError } from './describe-validation-error.ts'

describe('describeValidationError', () => {
  test('says "invalid request body" when no issue is listed', () => {
    expect(describeValidationError([])).toBe('invalid request body')
  })

  test("uses the schema's own error text when it has one", () => {
    expect(
      describeValidationError([
        {
          path: '/top_logprobs',
          message: 'Expected number to be less or equal to 20',
          schema: { error: 'top_logprobs must be between 0 and 20' },
        },
      ]),
    ).toBe('top_logprobs must be between 0 and 20')
  })

  test('names the field, dotted, and the reason, lower-cased', () => {
    expect(
      describeValidationError([{ path: '/options/temperature', message: 'Expected number' }]),
    ).toBe('invalid value for "options.temperature": expected number')
  })

  test('names array positions in the path', () => {
    expect(
      describeValidationError([
        { path: '/messages/0/role', message: 'Expected string', schema: {} },
      ]),
    ).toBe('invalid value for "messages.0.role": expected string')
  })

  test('describes a problem with the whole body', () => {
    expect(describeValidationError([{ path: '', message: 'Expected object' }])).toBe(
      'invalid request body: expected object',
    )
  })

  test('ignores a schema error that is not text', () => {
    expect(
      describeValidationError([
        { path: '/stream', message: 'Expected boolean', schema: { error: () => 'dynamic' } },
      ]),
    ).toBe('invalid value for "stream": expected boolean')
  })

  test('reports only the first issue', () => {
    expect(
      describeValidationError([
        { path: '/model', message: 'Expected string' },
        { path: '/stream', message: 'Expected boolean' },
      ]),
    ).toBe('invalid value for "model": expected string')
  })

  test('copes with an empty reason', () => {
    expect(describeValidationError([{ path: '/x', message: '' }])).toBe('invalid value for "x": ')
  })
})
