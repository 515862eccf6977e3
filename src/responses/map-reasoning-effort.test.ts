import { describe, expect, test } from 'bun:test'
import { thrown } from '../../test/support/thrown.ts'
import { mapReasoningEffort } from './map-reasoning-effort.ts'

describe('mapReasoningEffort', () => {
  test.each([
    ['none', false],
    ['minimal', 'low'],
    ['low', 'low'],
    ['medium', 'medium'],
    ['high', 'high'],
    ['xhigh', 'max'],
    ['ultra', 'max'],
    ['max', 'max'],
  ])('%s → %p', (effort, think) => {
    expect(mapReasoningEffort(effort)).toBe(think as never)
  })

  test('absent or null leaves thinking to the model', () => {
    expect(mapReasoningEffort(undefined)).toBeUndefined()
    expect(mapReasoningEffort(null)).toBeUndefined()
  })

  test('an unknown level is a 400 naming the valid ones', () => {
    const error = thrown(() => mapReasoningEffort('extreme'))
    expect(error.status).toBe(400)
    expect(error.message).toBe(
      'invalid reasoning value: "extreme" (must be "minimal", "low", "medium", "high", "xhigh", "ultra", "max", or "none")',
    )
  })

  test('object keys are not levels', () => {
    expect(thrown(() => mapReasoningEffort('toString')).status).toBe(400)
  })
})
