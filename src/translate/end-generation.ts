import { OllamaError } from '../errors/ollama-error.ts'
import type { GenerationEnd, TokenUsage } from './generation-event.ts'
import { mapDoneReason } from './map-done-reason.ts'
import type { ToolCallAccumulator } from './tool-call-accumulator.ts'

/**
 * The end event of an upstream stream that has run out. Without a finish_reason the stream was cut
 * short, and OpenRouter's `error` finish reason is a failure: both are errors, never a quiet end.
 */
export function endGeneration(
  finishReason: string | undefined,
  toolCalls: ToolCallAccumulator | undefined,
  usage: TokenUsage | undefined,
): GenerationEnd {
  if (finishReason === undefined) {
    throw new OllamaError(502, 'the upstream stream ended before the answer was complete')
  }
  if (finishReason === 'error') throw new OllamaError(502, 'the upstream failed while generating')
  return {
    type: 'end',
    doneReason: mapDoneReason(finishReason),
    toolCalls: toolCalls?.finish() ?? [],
    ...(usage && { usage }),
  }
}
