import type { OllamaChunkPart } from './ollama-chunk-part.ts'
import { toOllamaChatChunk } from './to-ollama-chat-chunk.ts'
import { toOllamaGenerateChunk } from './to-ollama-generate-chunk.ts'

/** What a streamed chunk that is not the last carries: no tool calls (they go in a chunk of their own). */
type StreamedPart = Omit<OllamaChunkPart, 'toolCalls'>

/** The JSON text of one chunk that is not the last, at `createdAt`. */
type ChunkLine = (createdAt: string, part: StreamedPart) => string

/**
 * The JSON of a chunk's `created_at`, re-encoded only when it changes: every chunk of a stream
 * carries it, and many chunks share a millisecond.
 */
function timestampJson(): (createdAt: string) => string {
  let last = ''
  let json = '""'
  return (createdAt) => {
    if (createdAt !== last) {
      last = createdAt
      json = JSON.stringify(createdAt)
    }
    return json
  }
}

/**
 * The text of a streamed /api/chat chunk (`done: false`) for `model`: byte for byte what
 * `JSON.stringify(toOllamaChatChunk(model, createdAt, part))` writes, without building the
 * objects, since a stream writes one per token. Parts with log probabilities (rare, and larger)
 * take the object route.
 */
export function chatChunkLine(model: string): ChunkLine {
  const head = `{"model":${JSON.stringify(model)},"created_at":`
  const at = timestampJson()
  return (createdAt, part) => {
    if (part.logprobs?.length) {
      // Only these fields: a generation delta passed as the part also has tool-call events.
      const { content, thinking, logprobs } = part
      return JSON.stringify(toOllamaChatChunk(model, createdAt, { content, thinking, logprobs }))
    }
    const thinking = part.thinking ? `,"thinking":${JSON.stringify(part.thinking)}` : ''
    return `${head}${at(createdAt)},"message":{"role":"assistant","content":${JSON.stringify(part.content)}${thinking}},"done":false}`
  }
}

/**
 * The text of a streamed /api/generate chunk (`done: false`) for `model`: byte for byte what
 * `JSON.stringify(toOllamaGenerateChunk(model, createdAt, part))` writes (thinking after `done`,
 * as that object has it). Parts with log probabilities take the object route.
 */
export function generateChunkLine(model: string): ChunkLine {
  const head = `{"model":${JSON.stringify(model)},"created_at":`
  const at = timestampJson()
  return (createdAt, part) => {
    if (part.logprobs?.length) return JSON.stringify(toOllamaGenerateChunk(model, createdAt, part))
    const thinking = part.thinking ? `,"thinking":${JSON.stringify(part.thinking)}` : ''
    return `${head}${at(createdAt)},"response":${JSON.stringify(part.content)},"done":false${thinking}}`
  }
}
