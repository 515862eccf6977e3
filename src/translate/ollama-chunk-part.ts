import type { ResponseToolCall, TokenLogprob } from '../ollama/schemas.ts'
import type { OllamaMetrics } from './to-ollama-metrics.ts'

/** What one Ollama chat or generate chunk carries, before it is shaped for its endpoint. */
export interface OllamaChunkPart {
  content: string
  thinking?: string
  toolCalls?: ResponseToolCall[]
  logprobs?: TokenLogprob[]
}

/** The fields of a last chunk (`done: true`). */
export interface OllamaDone {
  doneReason: string
  metrics?: OllamaMetrics
  /** /api/generate's token context; always empty here (see toOllamaGenerateChunk). */
  context?: number[]
}
