import { describe, expect, test } from 'bun:test'
import { fromAnthropicSystem } from './from-anthropic-system.ts'

describe('fromAnthropicSystem', () => {
  test('takes a string as it is, and nothing as empty', () => {
    expect(fromAnthropicSystem('You are terse.')).toBe('You are terse.')
    expect(fromAnthropicSystem(undefined)).toBe('')
    expect(fromAnthropicSystem([])).toBe('')
  })

  test('joins text blocks with a blank line, ignoring cache_control', () => {
    expect(
      fromAnthropicSystem([
        { type: 'text', text: 'You are Claude Code.' },
        { type: 'text', text: 'Be concise.', cache_control: { type: 'ephemeral' } } as never,
      ]),
    ).toBe('You are Claude Code.\n\nBe concise.')
  })

  test("replaces the per-request cch value of Claude Code's billing line by a constant", () => {
    const system = (cch: string) => [
      {
        type: 'text' as const,
        text: `x-anthropic-billing-header: cc_version=2.1.37.a1b; cc_entrypoint=cli; cch=${cch};`,
      },
      { type: 'text' as const, text: 'You are Claude Code. cch=keep' },
    ]
    const expected =
      'x-anthropic-billing-header: cc_version=2.1.37.a1b; cc_entrypoint=cli; cch=00000;\n\nYou are Claude Code. cch=keep'
    expect(fromAnthropicSystem(system('3f9a1'))).toBe(expected)
    expect(fromAnthropicSystem(system('b7c20'))).toBe(expected)
  })

  test('leaves a cch= outside the billing line alone', () => {
    expect(fromAnthropicSystem('Use cch=1 here')).toBe('Use cch=1 here')
  })
})
