import { describe, expect, test } from 'bun:test'
import { fromAnthropicThinking } from './from-anthropic-thinking.ts'

describe('fromAnthropicThinking', () => {
  test.each([
    ['absent', {}, undefined],
    ['enabled', { thinking: { type: 'enabled', budget_tokens: 1024 } }, true],
    ['disabled', { thinking: { type: 'disabled' } }, false],
    ['adaptive', { thinking: { type: 'adaptive' } }, undefined],
    ['an unknown type', { thinking: { type: 'auto' } }, undefined],
    ['an effort alone', { output_config: { effort: 'low' } }, 'low'],
    [
      'enabled with an effort',
      { thinking: { type: 'enabled' }, output_config: { effort: 'max' } },
      'max',
    ],
    [
      'adaptive with an effort',
      { thinking: { type: 'adaptive' }, output_config: { effort: 'medium' } },
      'medium',
    ],
    ['xhigh', { output_config: { effort: 'xhigh' } }, 'high'],
    ['an unknown effort', { output_config: { effort: 'extreme' } }, undefined],
    ['a null effort', { thinking: { type: 'enabled' }, output_config: { effort: null } }, true],
    [
      'disabled with an effort',
      { thinking: { type: 'disabled' }, output_config: { effort: 'high' } },
      false,
    ],
  ] as const)('maps %s to %p', (_, request, think) => {
    expect(fromAnthropicThinking(request)).toBe(think)
  })
})
