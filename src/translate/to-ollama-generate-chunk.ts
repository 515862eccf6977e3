import type { GenerateResponse } from '../ollama/schemas.ts'
import type { OllamaChunkPart, OllamaDone } from './ollama-chunk-part.ts'

/**
 * One /api/generate chunk (or the whole non-streamed answer): `response` is always present. The
 * last chunk may carry `context`: Ollama's token context for the next request, which clients
 * (ollama-ai-provider-v2) require. No tokens are known here, so it is empty, and Ollama ignores an
 * empty context when it is sent back.
 */
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
  if (done) {
    chunk.done_reason = done.doneReason
    if (done.context) chunk.context = done.context
    Object.assign(chunk, done.metrics)
  }
  if (part.logprobs?.length) chunk.logprobs = part.logprobs
  return chunk
}
