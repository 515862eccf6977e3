import type { TokenUsage } from '../core/generation-event.ts'
import { tokensOfChars } from './estimate-input-tokens.ts'
import type { Usage } from './schemas.ts'

/** What the usage falls back to when the backend reports none. */
export interface UsageEstimate {
  inputTokens: number
  /** Characters generated: text, reasoning and tool-call arguments. */
  outputChars: number
}

/**
 * Token usage in Anthropic's terms: input tokens exclude those read from the cache, which are
 * reported apart (only when the backend reports them); output tokens include reasoning. Without
 * the backend's counts, both are estimated at four characters a token.
 */
export function toAnthropicUsage(usage: TokenUsage | undefined, estimate: UsageEstimate): Usage {
  if (usage === undefined) {
    return {
      input_tokens: estimate.inputTokens,
      output_tokens: tokensOfChars(estimate.outputChars),
    }
  }
  const cached = usage.cachedTokens ?? 0
  return {
    input_tokens: usage.promptTokens - cached,
    ...(cached > 0 && { cache_read_input_tokens: cached }),
    output_tokens: usage.completionTokens,
  }
}
