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
}

/** Shapes a part as the chunk of one endpoint (chat or generate) for the model the client named. */
export type OllamaChunkFormatter<T> = (part: OllamaChunkPart, done?: OllamaDone) => T

/**
 * The JSON text of a part that is not the last (no `done`), exactly as `JSON.stringify` of its
 * formatted chunk reads: streams write one per token, without building the chunk objects.
 */
export type OllamaLineFormatter = (part: OllamaChunkPart) => string
