import type {
  FinishReason,
  GeneratedToolCall,
  GenerationEnd,
  TokenUsage,
} from '../core/generation-event.ts'
import { OllamaError } from '../errors/ollama-error.ts'

/** How an OpenAI stream said it ended: its finish_reason, and a vLLM-style matched stop string. */
export interface UpstreamFinish {
  reason: string | undefined
  stopSequence?: string
}

/**
 * The end of an upstream stream that has run out. Without a finish_reason the stream was cut short,
 * and OpenRouter's `error` finish reason is a failure: both are errors, never a quiet end. A
 * generation that made tool calls ended for them, whatever the backend called it (some say stop),
 * unless it hit the token limit.
 */
export function toGenerationEnd(
  finish: UpstreamFinish,
  toolCalls: GeneratedToolCall[],
  usage: TokenUsage | undefined,
): GenerationEnd {
  if (finish.reason === undefined) {
    throw new OllamaError(502, 'the upstream stream ended before the answer was complete')
  }
  if (finish.reason === 'error') throw new OllamaError(502, 'the upstream failed while generating')
  const end: GenerationEnd = { finishReason: toFinishReason(finish.reason, toolCalls), toolCalls }
  if (finish.stopSequence !== undefined && end.finishReason === 'stop') {
    end.stopSequence = finish.stopSequence
  }
  if (usage) end.usage = usage
  return end
}

function toFinishReason(reason: string, toolCalls: readonly GeneratedToolCall[]): FinishReason {
  if (reason === 'length') return 'length'
  if (reason === 'content_filter') return 'content_filter'
  if (toolCalls.length > 0 || reason === 'tool_calls' || reason === 'function_call') {
    return 'tool_calls'
  }
  return 'stop'
}
