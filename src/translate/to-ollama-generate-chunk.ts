import type { GenerateResponse } from '../ollama/schemas.ts'
import type { OllamaChunkPart, OllamaDone } from './ollama-chunk-part.ts'

/** One /api/generate chunk (or the whole non-streamed answer): `response` is always present. */
export function toOllamaGenerateChunk(
  model: string,
  createdAt: string,
  part: OllamaChunkPart,
  done?: OllamaDone,
): GenerateResponse {
  const chunk: GenerateResponse = {
    model,
    created_at: createdAt,
    response: part.content,
    done: done !== undefined,
  }
  if (part.thinking) chunk.thinking = part.thinking
  if (done) Object.assign(chunk, { done_reason: done.doneReason }, done.metrics)
  if (part.logprobs?.length) chunk.logprobs = part.logprobs
  return chunk
}
