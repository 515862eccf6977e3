import type { CompletionUsage } from 'openai/resources/completions'
import type { TokenUsage } from '../core/generation-event.ts'

/** OpenAI usage in neutral terms, with the cached and reasoning token counts when reported. */
export function toTokenUsage(usage: CompletionUsage): TokenUsage {
  const tokens: TokenUsage = {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
  }
  const cached = usage.prompt_tokens_details?.cached_tokens
  if (cached) tokens.cachedTokens = cached
  const reasoning = usage.completion_tokens_details?.reasoning_tokens
  if (reasoning) tokens.reasoningTokens = reasoning
  return tokens
}
