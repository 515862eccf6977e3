import type { OutputBlock as GeneratedBlock, GenerationResult } from '../core/collect-generation.ts'
import type { AnthropicMessageOptions } from './anthropic-stream-encoder.ts'
import type { Message, OutputBlock } from './schemas.ts'
import { toAnthropicStopReason } from './to-anthropic-stop-reason.ts'
import { toAnthropicUsage } from './to-anthropic-usage.ts'

/**
 * The whole answer as one Anthropic message: its blocks in the order they were generated (what
 * the stream's events add up to), `content` an array even when empty.
 */
export function toAnthropicMessage(
  result: GenerationResult,
  message: AnthropicMessageOptions,
): Message {
  let outputChars = 0
  for (const block of result.blocks) outputChars += charsOf(block)
  return {
    id: message.id,
    type: 'message',
    role: 'assistant',
    model: message.model,
    content: result.blocks.map(toContentBlock),
    ...toAnthropicStopReason(result.end),
    usage: toAnthropicUsage(result.end.usage, { inputTokens: message.inputTokens, outputChars }),
  }
}

/** The characters a block took to generate: its text, or its call's arguments as JSON. */
function charsOf(block: GeneratedBlock): number {
  return block.type === 'tool_call'
    ? JSON.stringify(block.call.arguments).length
    : block.text.length
}

function toContentBlock(block: GeneratedBlock): OutputBlock {
  switch (block.type) {
    case 'thinking':
      return { type: 'thinking', thinking: block.text, signature: '' }
    case 'text':
      return { type: 'text', text: block.text }
    case 'tool_call':
      return {
        type: 'tool_use',
        id: block.call.id,
        name: block.call.name,
        input: block.call.arguments,
      }
  }
}
