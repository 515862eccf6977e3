/**
 * The normalised events every surface encodes: what one upstream generation produced, whatever the
 * backend, read chunk by chunk. Surfaces (Ollama NDJSON, Anthropic SSE, Responses SSE) turn them
 * into their own wire format; nothing here knows any of those formats.
 */

/** Log probability of one generated token. */
export interface TokenLogprob {
  token: string
  logprob: number
  bytes?: number[]
  top_logprobs?: { token: string; logprob: number; bytes?: number[] }[]
}

/**
 * A tool call as it streams: `start` once per call (in output order, `index` 0, 1, 2…), then its
 * argument text in fragments that concatenate to JSON. Calls never interleave: a call's events all
 * come before the next call's start, and no text or reasoning comes while a call's arguments are
 * not yet a whole JSON object (a surface may close the call's block at the next text).
 */
export type ToolCallEvent =
  | { type: 'start'; index: number; id: string; name: string }
  | { type: 'arguments'; index: number; text: string }

/** A piece of generated output: reasoning first, then text, then tool-call events. */
export interface GenerationDelta {
  content: string
  thinking: string
  logprobs?: TokenLogprob[]
  toolCalls?: ToolCallEvent[]
}

/** A whole tool call, as the end of the generation has it. */
export interface GeneratedToolCall {
  id: string
  name: string
  /** The arguments as the model wrote them: a JSON object (keys in the model's order). */
  arguments: Record<string, unknown>
}

/** Why the generation ended. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter'

/** Token usage as the backend counted it. */
export interface TokenUsage {
  promptTokens: number
  completionTokens: number
  /** Prompt tokens served from the backend's cache (included in promptTokens). */
  cachedTokens?: number
  /** Completion tokens spent on reasoning (included in completionTokens). */
  reasoningTokens?: number
}

/** The end of a generation: why it stopped, the whole tool calls, and the token counts if known. */
export interface GenerationEnd {
  finishReason: FinishReason
  /** The stop sequence that ended the answer, when the backend says which. */
  stopSequence?: string
  toolCalls: GeneratedToolCall[]
  usage?: TokenUsage
}

/**
 * What one network read of the upstream stream produced: the deltas, and the end when the stream
 * ended in that read (so the closing frames can go out in the same write as the last output).
 */
export interface GenerationBatch {
  deltas: GenerationDelta[]
  end?: GenerationEnd
}

/**
 * Reads one upstream stream, chunk by chunk: `read` returns the output a chunk adds (if any);
 * `finish`, once the stream has run out, the output still held back (if any) and the end. It throws
 * when the stream was cut short or failed.
 */
export interface StreamReader<Chunk> {
  read(chunk: Chunk): GenerationDelta | undefined
  finish(): { last?: GenerationDelta; end: GenerationEnd }
}
