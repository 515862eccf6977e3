import type {
  ChatCompletionMessageParam,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions'
import type { ResponseFormatJSONObject, ResponseFormatJSONSchema } from 'openai/resources/shared'
import type { ModelAccess } from '../backends/model-router.ts'

/**
 * A generation request in neutral terms, whatever surface it came from. Messages and tools are in
 * the OpenAI chat format (the backend's); sampling and reasoning are stated as intents that each
 * backend dialect expresses its own way.
 */

/** How hard a model should think. */
export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high' | 'max'

/** Ask the model to think (true), not to think (false, and drop any reasoning), or how hard. */
export type ThinkSetting = boolean | ReasoningEffort

/** Sampling controls; the backend dialect decides which of them it can send. */
export interface Sampling {
  temperature?: number
  topP?: number
  /** Non-standard: sent only to backends that accept it. */
  topK?: number
  minP?: number
  typicalP?: number
  repeatPenalty?: number
  repeatLastN?: number
  presencePenalty?: number
  frequencyPenalty?: number
  seed?: number
  stop?: string[]
  /** Most tokens to generate. */
  maxTokens?: number
}

interface CommonFields {
  /** The model as the client named it. */
  model: string
  sampling: Sampling
  /** How long the model counts as in use (/api/ps) after this request, in ms. */
  keepAliveMs?: number
  /** The models the client may use (its key's scope); any when absent. */
  access?: ModelAccess
}

export interface ChatGenerationRequest extends CommonFields {
  kind: 'chat'
  messages: ChatCompletionMessageParam[]
  tools?: ChatCompletionTool[]
  toolChoice?: ChatCompletionToolChoiceOption
  parallelToolCalls?: boolean
  think?: ThinkSetting
  responseFormat?: ResponseFormatJSONObject | ResponseFormatJSONSchema
  /** Return log probabilities, with this many alternatives per token. */
  logprobs?: { top: number }
}

/** A raw or fill-in-the-middle prompt, for the backend's legacy completions endpoint. */
export interface CompletionGenerationRequest extends CommonFields {
  kind: 'completion'
  prompt: string
  suffix?: string
}

export type GenerationRequest = ChatGenerationRequest | CompletionGenerationRequest
