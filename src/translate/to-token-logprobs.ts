import type { ChatCompletionTokenLogprob } from 'openai/resources/chat/completions'
import type { TokenLogprob } from '../core/generation-event.ts'

/** OpenAI token log probabilities in neutral terms (no null `bytes`). */
export function toTokenLogprobs(logprobs: readonly ChatCompletionTokenLogprob[]): TokenLogprob[] {
  return logprobs.map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    ...(entry.bytes && { bytes: entry.bytes }),
    ...(entry.top_logprobs?.length && {
      top_logprobs: entry.top_logprobs.map((alternative) => ({
        token: alternative.token,
        logprob: alternative.logprob,
        ...(alternative.bytes && { bytes: alternative.bytes }),
      })),
    }),
  }))
}
