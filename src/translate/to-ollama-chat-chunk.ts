import type { ChatResponse } from '../ollama/schemas.ts'
import type { OllamaChunkPart, OllamaDone } from './ollama-chunk-part.ts'

/**
 * One /api/chat chunk (or the whole non-streamed answer). Every chunk has model, created_at,
 * message.role and message.content; the last one adds done_reason and the metrics.
 */
export function toOllamaChatChunk(
  model: string,
  createdAt: string,
  part: OllamaChunkPart,
  done?: OllamaDone,
): ChatResponse {
  const message: ChatResponse['message'] = { role: 'assistant', content: part.content }
  if (part.thinking) message.thinking = part.thinking
  if (part.toolCalls?.length) message.tool_calls = part.toolCalls
  const chunk: ChatResponse = { model, created_at: createdAt, message, done: done !== undefined }
  if (done) Object.assign(chunk, { done_reason: done.doneReason }, done.metrics)
  if (part.logprobs?.length) chunk.logprobs = part.logprobs
  return chunk
}
