import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions'
import type { CompletionCreateParamsStreaming } from 'openai/resources/completions'
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from 'openai/resources/embeddings'
import type { EventBatch } from './read-server-sent-events.ts'

/** The streaming endpoints, and what each takes. */
export interface StreamingEndpoints {
  '/chat/completions': ChatCompletionCreateParamsStreaming
  '/completions': CompletionCreateParamsStreaming
}

/** A backend's 2xx answer passed on as it is: its body fails with a clear error if it breaks off. */
export interface ForwardedResponse {
  status: number
  contentType: string
  body: AsyncIterable<Uint8Array>
}

/** A model as an OpenAI-compatible `/models` lists it, with the extras some backends add. */
export interface UpstreamModel {
  id: string
  created?: number
  owned_by?: string
  /** OpenRouter */
  context_length?: number
  /** vLLM */
  max_model_len?: number
  /** OpenRouter: e.g. ["tools", "reasoning"] */
  supported_parameters?: string[]
  /** OpenRouter: e.g. { input_modalities: ["text", "image"] } */
  architecture?: { input_modalities?: string[] }
}

/**
 * Everything the service needs from an OpenAI-compatible backend. Methods reject with the SDK's
 * errors (`APIError` and its kin), which `toOllamaError` maps; `signal` aborts the upstream call.
 */
export interface Upstream {
  /** Where answers come from, for logs and /health: a base URL, or "demo". */
  readonly label: string
  listModels(signal?: AbortSignal): Promise<UpstreamModel[]>
  /**
   * Resolves once the backend has accepted the request; the stream then yields its events in
   * batches, one batch per network read.
   */
  stream<Path extends keyof StreamingEndpoints>(
    path: Path,
    params: StreamingEndpoints[Path],
    signal: AbortSignal,
  ): Promise<AsyncIterable<EventBatch>>
  embed(params: EmbeddingCreateParams, signal: AbortSignal): Promise<CreateEmbeddingResponse>
  /** Sends an OpenAI API request body as is and returns the backend's 2xx answer (for /v1). */
  forward(
    path: string,
    body: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<ForwardedResponse>
  /** Ends every request under way with `reason` (shutdown). */
  endAll(reason: Error): void
}
