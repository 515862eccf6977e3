import type { GenerationResult, OutputBlock } from '../core/collect-generation.ts'
import type { ResponseObject } from './schemas.ts'
import { type ItemBody, itemIdPrefix, toOutputItem } from './to-output-item.ts'
import { lastItemStatus, toFinishedResponse } from './to-responses-object.ts'
import type { ToolNames } from './tool-names.ts'

/**
 * The whole response of a non-streamed request: one output item per block, in the order
 * generated (text is kept next to tool calls), and the same status and usage a stream ends with.
 */
export function toResponsesAnswer(
  envelope: ResponseObject,
  result: GenerationResult,
  names: ToolNames,
  options: { newId: (prefix: string) => string; completedAt: number },
): ResponseObject {
  const last = result.blocks.length - 1
  const output = result.blocks.map((block, index) => {
    const body = toItemBody(block)
    const status = index === last ? lastItemStatus(result.end) : 'completed'
    return toOutputItem(options.newId(itemIdPrefix(body, names)), body, status, names)
  })
  return toFinishedResponse(envelope, output, result.end, options.completedAt)
}

function toItemBody(block: OutputBlock): ItemBody {
  if (block.type === 'thinking') return { type: 'reasoning', text: block.text }
  if (block.type === 'text') return { type: 'message', text: block.text }
  return {
    type: 'call',
    callId: block.call.id,
    name: block.call.name,
    arguments: JSON.stringify(block.call.arguments),
  }
}
