import { describe, expect, test } from 'bun:test'
import { mapDoneReason } from './map-done-reason.ts'

describe('mapDoneReason', () => {
  test.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'stop'],
    ['function_call', 'stop'],
    ['content_filter', 'stop'],
    ['something_new', 'stop'],
    [null, 'stop'],
    [undefined, 'stop'],
  ] as const)('maps finish_reason %p to done_reason %p', (finishReason, doneReason) => {
    expect(mapDoneReason(finishReason)).toBe(doneReason)
  })
})
