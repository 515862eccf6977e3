import type { ReasoningEffort } from 'openai/resources/shared'
import type { ThinkSetting } from '../core/generation-request.ts'
import type { Dialect } from '../upstream/upstream-profile.ts'

export interface OpenAIReasoningParams {
  reasoning_effort?: ReasoningEffort
  /** OpenRouter's reasoning control. */
  reasoning?: { enabled?: boolean; effort?: string }
  /** vLLM and llama.cpp pass these to the model's chat template. */
  chat_template_kwargs?: { enable_thinking: boolean; reasoning_effort?: string }
}

/**
 * A think setting as each dialect asks for reasoning. A strict OpenAI backend gets only a
 * `reasoning_effort` for an explicit level: sending it for true/false would make non-reasoning
 * models refuse the request. (think:false is honoured anyway: returned reasoning is dropped.)
 */
export function toOpenAIReasoningParams(
  think: ThinkSetting | undefined,
  dialect: Dialect,
): OpenAIReasoningParams {
  if (think === undefined) return {}
  const level = typeof think === 'string' ? think : undefined
  const enabled = think !== false
  switch (dialect) {
    case 'openai':
      return level ? { reasoning_effort: level } : {}
    case 'openrouter':
      return { reasoning: level ? { effort: level === 'max' ? 'high' : level } : { enabled } }
    case 'vllm':
      return {
        ...(level && { reasoning_effort: level }),
        chat_template_kwargs: { enable_thinking: enabled },
      }
    case 'llamacpp':
      return {
        chat_template_kwargs: {
          enable_thinking: enabled,
          ...(level && { reasoning_effort: level }),
        },
      }
  }
}
