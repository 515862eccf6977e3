import type { ReasoningEffort, ThinkSetting } from '../core/generation-request.ts'
import type { MessagesRequest } from './schemas.ts'

const efforts: Record<string, ReasoningEffort> = {
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
  max: 'max',
}

/**
 * What a request asks of the model's reasoning: `thinking.type` "disabled" → no thinking (and any
 * reasoning returned is dropped); "enabled" → thinking, at the `output_config.effort` level when one
 * is given; "adaptive", absent or unknown → the effort level if given, else the model decides.
 * `budget_tokens` has no chat completions equivalent and is not enforced.
 */
export function fromAnthropicThinking(
  request: Pick<MessagesRequest, 'thinking' | 'output_config'>,
): ThinkSetting | undefined {
  const type = request.thinking?.type
  if (type === 'disabled') return false
  const effort = efforts[request.output_config?.effort ?? '']
  if (effort) return effort
  return type === 'enabled' ? true : undefined
}
