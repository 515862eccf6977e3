import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions'
import type { Completion, CompletionCreateParamsStreaming } from 'openai/resources/completions'
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from 'openai/resources/embeddings'

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
   * Resolves once the backend has accepted the request; the stream then yields its chunks in
   * batches, one batch per network read.
   */
  streamChat(
    params: ChatCompletionCreateParamsStreaming,
    signal: AbortSignal,
  ): Promise<AsyncIterable<ChatCompletionChunk[]>>
  streamCompletion(
    params: CompletionCreateParamsStreaming,
    signal: AbortSignal,
  ): Promise<AsyncIterable<Completion[]>>
  embed(params: EmbeddingCreateParams, signal: AbortSignal): Promise<CreateEmbeddingResponse>
  /** Sends an OpenAI API request body as is and returns the backend's raw response (for /v1). */
  forward(path: string, body: Record<string, unknown>, signal: AbortSignal): Promise<Response>
}
