import type { BlockOf, ContentBlock, CountTokensRequest } from './schemas.ts'

/** The estimate's rule of thumb: about four characters a token. */
export function tokensOfChars(chars: number): number {
  return Math.ceil(chars / 4)
}

/**
 * The size of a prompt in tokens, estimated as Ollama does (no tokenizer for the backend's model is
 * at hand): the characters of the system prompt, of each message's role, text, thinking, tool calls
 * (name and input JSON) and tool results, and of each tool's name, description and input schema
 * JSON, divided by four; at least 1. Images and blocks that are not sent do not count.
 */
export function estimateInputTokens(request: CountTokensRequest): number {
  let chars = 0
  const system = request.system ?? ''
  chars += typeof system === 'string' ? system.length : sum(system, blockChars)
  for (const message of request.messages) {
    chars += message.role.length
    const content = message.content
    chars += typeof content === 'string' ? content.length : sum(content, blockChars)
  }
  for (const tool of request.tools ?? []) {
    chars += tool.name.length + (tool.description?.length ?? 0)
    chars += JSON.stringify(tool.input_schema ?? {}).length
  }
  return Math.max(1, tokensOfChars(chars))
}

function blockChars(block: ContentBlock): number {
  switch (block.type) {
    case 'text':
      return (block as BlockOf<'text'>).text.length
    case 'thinking':
      return (block as BlockOf<'thinking'>).thinking.length
    case 'document': {
      const { source } = block as BlockOf<'document'>
      return source?.type === 'text' ? (source.data?.length ?? 0) : 0
    }
    case 'tool_use': {
      const { name, input } = block as BlockOf<'tool_use'>
      return name.length + JSON.stringify(input ?? {}).length
    }
    case 'tool_result': {
      const { content } = block as BlockOf<'tool_result'>
      if (typeof content === 'string') return content.length
      return sum(content ?? [], blockChars)
    }
    default:
      return 0
  }
}

function sum<T>(items: readonly T[], count: (item: T) => number): number {
  let total = 0
  for (const item of items) total += count(item)
  return total
}
