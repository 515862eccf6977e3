import { describe, expect, test } from 'bun:test'
import { ValueErrorType } from '@sinclair/typebox/errors'
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
          type: ValueErrorType.IntegerMaximum,
          schema: { error: 'top_logprobs must be between 0 and 20' },
        },
      ]),
    ).toBe('top_logprobs must be between 0 and 20')
  })

  test.each([
    [{ type: 'string' }, 'model must be a string'],
    [{ type: 'number' }, 'model must be a number'],
    [{ type: 'integer' }, 'model must be an integer'],
    [{ type: 'boolean' }, 'model must be true or false'],
    [{ type: 'object' }, 'model must be an object'],
    [{ type: 'object', title: 'message' }, 'model must be a message object'],
    [{ type: 'array' }, 'model must be a list'],
    [{ type: 'array', items: { type: 'string' } }, 'model must be a list of strings'],
    [{ type: 'array', items: { type: 'integer' } }, 'model must be a list of numbers'],
    [{ type: 'array', items: { type: 'number' } }, 'model must be a list of numbers'],
    [{ type: 'array', items: { type: 'object' } }, 'model must be a list of objects'],
    [{ type: 'array', items: { type: 'object', title: 'tool' } }, 'model must be a list of tools'],
    [{ type: 'array', items: {} }, 'model must be a list of values'],
    [{ const: 'assistant' }, 'model must be "assistant"'],
    [{}, 'model must be a valid value'],
    [
      { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      'model must be a string or a list of strings',
    ],
    [{ anyOf: [{ type: 'string' }, { type: 'null' }] }, 'model must be a string'],
    [
      { anyOf: [{ type: 'string', format: 'integer' }, { type: 'integer' }] },
      'model must be an integer',
    ],
    [
      { anyOf: [{ type: 'string', format: 'numeric' }, { type: 'number' }] },
      'model must be a number',
    ],
    [
      { anyOf: [{ type: 'number' }, { type: 'integer' }, { type: 'number' }] },
      'model must be a number or an integer',
    ],
  ])('says what a field of the wrong type must be: %o', (schema, message) => {
    expect(
      describeValidationError([
        { path: '/model', message: 'Expected …', type: ValueErrorType.Union, schema },
      ]),
    ).toBe(message)
  })

  test('names list positions in brackets and fields with dots', () => {
    expect(
      describeValidationError([
        {
          path: '/messages/0/images/1',
          message: 'Expected string',
          type: ValueErrorType.String,
          schema: { type: 'string' },
        },
      ]),
    ).toBe('messages[0].images[1] must be a string')
  })

  test('says a missing field is required', () => {
    expect(
      describeValidationError([
        {
          path: '/messages/2/role',
          message: 'Expected required property',
          type: ValueErrorType.ObjectRequiredProperty,
          schema: { type: 'string' },
        },
      ]),
    ).toBe('messages[2].role is required')
    expect(
      describeValidationError([
        {
          path: '/model',
          message: 'Expected string',
          type: ValueErrorType.String,
          schema: { type: 'string' },
          value: undefined,
        },
      ]),
    ).toBe('model is required')
  })

  test('falls back to the reason, lower-cased, for other failures', () => {
    expect(
      describeValidationError([
        {
          path: '/name',
          message: 'Expected string length greater or equal to 1',
          type: ValueErrorType.StringMinLength,
          schema: { type: 'string' },
        },
      ]),
    ).toBe('invalid value for "name": expected string length greater or equal to 1')
    expect(describeValidationError([{ path: '/x', message: 'Expected string' }])).toBe(
      'invalid value for "x": expected string',
    )
  })

  test('describes a problem with the whole body', () => {
    expect(describeValidationError([{ path: '', message: 'Expected object' }])).toBe(
      'invalid request body: expected object',
    )
  })

  test('ignores a schema error that is not text', () => {
    expect(
      describeValidationError([
        {
          path: '/stream',
          message: 'Expected boolean',
          type: ValueErrorType.Boolean,
          schema: { type: 'boolean', error: () => 'dynamic' },
        },
      ]),
    ).toBe('stream must be true or false')
  })

  test('reports only the first issue', () => {
    expect(
      describeValidationError([
        {
          path: '/model',
          message: 'Expected string',
          type: ValueErrorType.String,
          schema: { type: 'string' },
        },
        { path: '/stream', message: 'Expected boolean' },
      ]),
    ).toBe('model must be a string')
  })
})
