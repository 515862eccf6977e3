import type {
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions'
import type { ChatGenerationRequest } from '../core/generation-request.ts'
import { OllamaError } from '../errors/ollama-error.ts'
import type { Tool, ToolChoice } from './schemas.ts'

/** A tool without a schema takes an object with no properties. */
const noInput = { type: 'object', properties: {} }

/**
 * Anthropic tools as function tools, and tool_choice in OpenAI terms: auto → "auto", any →
 * "required", tool → that function, none → "none"; `disable_parallel_tool_use` →
 * `parallel_tool_calls: false`. Server tools (a `type` other than "custom": web search, bash, text
 * editor…) are dropped: this server cannot run them.
 */
export function fromAnthropicTools(
  tools: readonly Tool[] | undefined,
  choice: ToolChoice | undefined,
): Pick<ChatGenerationRequest, 'tools' | 'toolChoice' | 'parallelToolCalls'> {
  const functions: ChatCompletionTool[] = (tools ?? [])
    .filter((tool) => tool.type === undefined || tool.type === 'custom')
    .map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description !== undefined && { description: tool.description }),
        parameters: tool.input_schema ?? noInput,
      },
    }))
  if (functions.length === 0) return {}
  const converted: ReturnType<typeof fromAnthropicTools> = { tools: functions }
  if (choice) converted.toolChoice = toToolChoice(choice)
  if (choice?.disable_parallel_tool_use) converted.parallelToolCalls = false
  return converted
}

function toToolChoice(choice: ToolChoice): ChatCompletionToolChoiceOption {
  switch (choice.type) {
    case 'auto':
      return 'auto'
    case 'any':
      return 'required'
    case 'none':
      return 'none'
    case 'tool':
      if (!choice.name) {
        throw OllamaError.badRequest('tool_choice.name is required when tool_choice.type is "tool"')
      }
      return { type: 'function', function: { name: choice.name } }
  }
}
