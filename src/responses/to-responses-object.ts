import type { GenerationEnd, TokenUsage } from '../core/generation-event.ts'
import type { OllamaError } from '../errors/ollama-error.ts'
import { upstreamErrorCode } from '../errors/upstream-error-code.ts'
import type {
  ItemStatus,
  OutputItem,
  ResponseObject,
  ResponsesRequest,
  ResponseUsage,
} from './schemas.ts'

/**
 * The response object of a request as it starts (`in_progress`, no output): what the request
 * asked for, echoed as OpenAI echoes it, with the defaults OpenAI reports. Fields this server does
 * not honour report what it did instead: nothing is stored, no background run, no truncation.
 */
export function toResponseEnvelope(
  request: ResponsesRequest,
  id: string,
  createdAt: number,
): ResponseObject {
  return {
    id,
    object: 'response',
    created_at: createdAt,
    completed_at: null,
    status: 'in_progress',
    incomplete_details: null,
    model: request.model,
    previous_response_id: null,
    instructions: request.instructions ?? null,
    output: [],
    error: null,
    tools: request.tools ?? [],
    tool_choice: request.tool_choice ?? 'auto',
    truncation: 'disabled',
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    text: {
      format: request.text?.format ?? { type: 'text' },
      ...(request.text?.verbosity && { verbosity: request.text.verbosity }),
    },
    top_p: request.top_p ?? 1,
    presence_penalty: 0,
    frequency_penalty: 0,
    top_logprobs: 0,
    temperature: request.temperature ?? 1,
    reasoning: request.reasoning
      ? { effort: request.reasoning.effort ?? null, summary: request.reasoning.summary ?? null }
      : null,
    usage: null,
    max_output_tokens: request.max_output_tokens ?? null,
    max_tool_calls: null,
    store: false,
    background: false,
    service_tier: 'default',
    metadata: request.metadata ?? {},
    safety_identifier: request.safety_identifier ?? null,
    prompt_cache_key: request.prompt_cache_key ?? null,
  }
}

/** Whether a generation that ended so is complete: a token limit or a filter leaves it incomplete. */
function isIncomplete(end: GenerationEnd): boolean {
  return end.finishReason === 'length' || end.finishReason === 'content_filter'
}

/** The status of the item that was being generated when the generation ended. */
export function lastItemStatus(end: GenerationEnd): ItemStatus {
  return isIncomplete(end) ? 'incomplete' : 'completed'
}

/** The response once the generation ended: completed, or incomplete with the reason. */
export function toFinishedResponse(
  envelope: ResponseObject,
  output: OutputItem[],
  end: GenerationEnd,
  completedAt: number,
): ResponseObject {
  if (isIncomplete(end)) {
    const reason = end.finishReason === 'length' ? 'max_output_tokens' : 'content_filter'
    return {
      ...envelope,
      status: 'incomplete',
      incomplete_details: { reason },
      output,
      usage: toResponsesUsage(end.usage),
    }
  }
  return {
    ...envelope,
    completed_at: completedAt,
    status: 'completed',
    output,
    usage: toResponsesUsage(end.usage),
  }
}

/**
 * The response of a generation that failed after its stream began: the items finished so far, and
 * the backend's error code when it gave one (Codex does not retry some, such as
 * context_length_exceeded).
 */
export function toFailedResponse(
  envelope: ResponseObject,
  output: OutputItem[],
  failure: OllamaError,
): ResponseObject {
  const code =
    upstreamErrorCode(failure) ?? (failure.status === 429 ? 'rate_limit_exceeded' : 'server_error')
  return { ...envelope, status: 'failed', output, error: { code, message: failure.message } }
}

/** Token usage in Responses terms (input includes cached tokens), or null when unknown. */
export function toResponsesUsage(usage: TokenUsage | undefined): ResponseUsage | null {
  if (usage === undefined) return null
  return {
    input_tokens: usage.promptTokens,
    input_tokens_details: { cached_tokens: usage.cachedTokens ?? 0 },
    output_tokens: usage.completionTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.promptTokens + usage.completionTokens,
  }
}
