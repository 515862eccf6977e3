import type { ResponseToolCall, TokenLogprob } from '../ollama/schemas.ts'

/** Token usage as the backend counted it. */
export interface TokenUsage {
  promptTokens: number
  completionTokens: number
}

/** A piece of generated output, as read from an upstream stream. */
export interface GenerationDelta {
  type: 'delta'
  content: string
  thinking: string
  logprobs?: TokenLogprob[]
}

/** The end of a generation: why it stopped, the whole tool calls, and the token counts if known. */
export interface GenerationEnd {
  type: 'end'
  doneReason: 'stop' | 'length'
  toolCalls: ResponseToolCall[]
  usage?: TokenUsage
}

/** What an upstream stream (chat or completions) is read into, whatever its dialect. */
export type GenerationEvent = GenerationDelta | GenerationEnd

/**
 * Reads one upstream stream, chunk by chunk: `read` returns the output a chunk adds (if any),
 * `finish` the end of the generation once the stream has run out (throwing if it was cut short).
 */
export interface StreamReader<Chunk> {
  read(chunk: Chunk): GenerationDelta | undefined
  finish(): GenerationEnd
}

export function toTokenUsage(usage: {
  prompt_tokens: number
  completion_tokens: number
}): TokenUsage {
  return { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens }
}
