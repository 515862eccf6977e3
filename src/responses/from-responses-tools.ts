import type {
  ChatCompletionFunctionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions'
import { OllamaError } from '../errors/ollama-error.ts'
import { CustomTool, FunctionTool, NamespaceTool, type ToolChoice } from './schemas.ts'
import { ToolNames } from './tool-names.ts'
import { wireCheck } from './wire-check.ts'

/** The backend's view of a request's tools, and the names to map its calls back with. */
export interface ChatTools {
  tools: ChatCompletionFunctionTool[]
  toolChoice?: ChatCompletionToolChoiceOption
  names: ToolNames
}

const checkFunction = wireCheck(FunctionTool)
const checkCustom = wireCheck(CustomTool)
const checkNamespace = wireCheck(NamespaceTool)

/** A custom tool takes one free-form string; as a function, that is its one argument. */
const customParameters = {
  type: 'object',
  properties: {
    input: { type: 'string', description: 'The input of the tool, as free-form text' },
  },
  required: ['input'],
  additionalProperties: false,
}

/**
 * Responses tools and tool_choice as chat functions: `function` tools unwrapped into the nested
 * shape, `custom` tools (free-form input, such as Codex's apply_patch) as a function of one
 * `input` string whose description carries the tool's grammar, `namespace` tools expanded into
 * their members (`<namespace>__<name>`). Hosted tools (web_search, file_search, …) are dropped:
 * the backend cannot run them.
 */
export function fromResponsesTools(
  tools: readonly unknown[] | null | undefined,
  choice: ToolChoice | null | undefined,
): ChatTools {
  const names = new ToolNames()
  const converted: ChatCompletionFunctionTool[] = []
  for (const [index, tool] of (tools ?? []).entries()) {
    const where = `tools[${index}]`
    const type = (tool as { type: string }).type
    if (type === 'namespace') {
      const namespace = checkNamespace(tool, where)
      for (const [memberIndex, member] of namespace.tools.entries()) {
        const converting = toChatTool(
          member,
          `${where}.tools[${memberIndex}]`,
          names,
          namespace.name,
        )
        if (converting) converted.push(converting)
      }
    } else {
      const converting = toChatTool(tool, where, names)
      if (converting) converted.push(converting)
    }
  }
  if (choice === undefined || choice === null) return { tools: converted, names }
  return { ...toChatToolChoice(choice, converted), names }
}

function toChatTool(
  tool: unknown,
  where: string,
  names: ToolNames,
  namespace?: string,
): ChatCompletionFunctionTool | undefined {
  const type = (tool as { type: string }).type
  if (type === 'function') {
    const { name, description, parameters, strict } = checkFunction(tool, where)
    const chatName = names.add({ type: 'function', name, ...(namespace && { namespace }) })
    return {
      type: 'function',
      function: {
        name: chatName,
        ...(typeof description === 'string' && { description }),
        ...(parameters && { parameters }),
        ...(typeof strict === 'boolean' && { strict }),
      },
    }
  }
  if (type === 'custom') {
    const { name, description, format } = checkCustom(tool, where)
    const chatName = names.add({ type: 'custom', name, ...(namespace && { namespace }) })
    const grammar =
      format?.type === 'grammar' && format.definition
        ? `The input must follow this ${format.syntax ?? ''} grammar:\n${format.definition}`
        : ''
    const text = [description ?? '', grammar].filter((part) => part !== '').join('\n\n')
    return {
      type: 'function',
      function: {
        name: chatName,
        ...(text && { description: text }),
        parameters: customParameters,
      },
    }
  }
  return undefined
}

/** tool_choice in chat terms; `allowed_tools` narrows the tools the backend sees instead. */
function toChatToolChoice(
  choice: ToolChoice,
  tools: ChatCompletionFunctionTool[],
): { toolChoice: ChatCompletionToolChoiceOption; tools: ChatCompletionFunctionTool[] } {
  if (typeof choice === 'string') {
    if (choice !== 'auto' && choice !== 'none' && choice !== 'required') {
      throw OllamaError.badRequest(
        `invalid tool_choice "${choice}": expected "auto", "none", "required" or a tool choice object`,
      )
    }
    return { toolChoice: choice, tools }
  }
  if (choice.type === 'function' || choice.type === 'custom') {
    if (!choice.name)
      throw OllamaError.badRequest(`tool_choice: a ${choice.type} choice needs a name`)
    const name = ToolNames.chatName(choice.name, choice.namespace)
    return { toolChoice: { type: 'function', function: { name } }, tools }
  }
  if (choice.type === 'allowed_tools') {
    const allowed = new Set(
      (choice.tools ?? []).map((tool) => ToolNames.chatName(tool.name ?? '', tool.namespace)),
    )
    return {
      toolChoice: choice.mode === 'required' ? 'required' : 'auto',
      tools: tools.filter((tool) => allowed.has(tool.function.name)),
    }
  }
  // A hosted tool (web_search, file_search, …): the backend cannot run it.
  return { toolChoice: 'auto', tools }
}
