import type { GenerationEnd } from '../core/generation-event.ts'
import type { StopReason } from './schemas.ts'

/**
 * Why the answer ended, in Anthropic's terms: a stop sequence only when the backend named the one
 * that matched (vLLM does), a token limit even when a tool call had begun, a content filter as a
 * refusal.
 */
export function toAnthropicStopReason(end: Pick<GenerationEnd, 'finishReason' | 'stopSequence'>): {
  stop_reason: StopReason
  stop_sequence: string | null
} {
  switch (end.finishReason) {
    case 'stop':
      return end.stopSequence === undefined
        ? { stop_reason: 'end_turn', stop_sequence: null }
        : { stop_reason: 'stop_sequence', stop_sequence: end.stopSequence }
    case 'length':
      return { stop_reason: 'max_tokens', stop_sequence: null }
    case 'tool_calls':
      return { stop_reason: 'tool_use', stop_sequence: null }
    case 'content_filter':
      return { stop_reason: 'refusal', stop_sequence: null }
  }
}
