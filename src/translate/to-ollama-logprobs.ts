import type { ChatCompletionTokenLogprob } from 'openai/resources/chat/completions'
import type { TokenLogprob } from '../ollama/schemas.ts'

/** OpenAI token log probabilities in Ollama's shape (no null `bytes`). */
export function toOllamaLogprobs(logprobs: readonly ChatCompletionTokenLogprob[]): TokenLogprob[] {
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
