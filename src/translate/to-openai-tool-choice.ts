import type { ChatCompletionToolChoiceOption } from 'openai/resources/chat/completions'
import { OllamaError } from '../errors/ollama-error.ts'
import type { ToolChoice } from '../ollama/schemas.ts'

/**
 * A client's tool_choice in OpenAI's chat form: the words pass as they are, a forced function in
 * either the chat form (`{type, function: {name}}`) or the flat form AI SDK providers send
 * (`{type, name}`) becomes the chat form.
 */
export function toOpenAIToolChoice(choice: ToolChoice): ChatCompletionToolChoiceOption {
  if (typeof choice === 'string') return choice
  const name = choice.function?.name ?? choice.name
  if (!name) {
    throw OllamaError.badRequest('tool_choice of type "function" needs the name of the function')
  }
  return { type: 'function', function: { name } }
}
