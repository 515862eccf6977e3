import type { ItemStatus, OutputItem } from './schemas.ts'
import type { ToolNames } from './tool-names.ts'

/** What an output item holds, at any stage: reasoning, text, or a call of a backend function. */
export type ItemBody =
  | { type: 'reasoning'; text: string }
  | { type: 'message'; text: string }
  | { type: 'call'; callId: string; name: string; arguments: string }

/** The prefix of an item's id, by the item type it becomes. */
export function itemIdPrefix(body: ItemBody, names: ToolNames): string {
  if (body.type === 'reasoning') return 'rs_'
  if (body.type === 'message') return 'msg_'
  return names.target(body.name).type === 'custom' ? 'ctc_' : 'fc_'
}

/**
 * An output item. Reasoning carries its text both as the summary and as `encrypted_content`, so
 * that clients (Codex) send it back; a call of a custom tool becomes a `custom_tool_call` with the
 * `input` string taken out of the function's arguments; namespaced names are split back.
 */
export function toOutputItem(
  id: string,
  body: ItemBody,
  status: ItemStatus,
  names: ToolNames,
): OutputItem {
  switch (body.type) {
    case 'reasoning':
      return {
        id,
        type: 'reasoning',
        summary: [{ type: 'summary_text', text: body.text }],
        encrypted_content: body.text,
      }
    case 'message':
      return {
        id,
        type: 'message',
        status,
        role: 'assistant',
        content: [{ type: 'output_text', text: body.text, annotations: [], logprobs: [] }],
      }
    case 'call': {
      const target = names.target(body.name)
      const namespace = target.namespace === undefined ? {} : { namespace: target.namespace }
      if (target.type === 'custom') {
        return {
          id,
          type: 'custom_tool_call',
          call_id: body.callId,
          name: target.name,
          ...namespace,
          input: customInput(body.arguments),
        }
      }
      return {
        id,
        type: 'function_call',
        status,
        call_id: body.callId,
        name: target.name,
        ...namespace,
        arguments: body.arguments,
      }
    }
  }
}

/** An item as `output_item.added` announces it: nothing generated yet. */
export function toAddedItem(id: string, body: ItemBody, names: ToolNames): OutputItem {
  switch (body.type) {
    case 'reasoning':
      return { id, type: 'reasoning', summary: [] }
    case 'message':
      return { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] }
    case 'call':
      return toOutputItem(id, { ...body, arguments: '' }, 'in_progress', names)
  }
}

/** A custom tool's input: the `input` string of the arguments (else the arguments as written). */
function customInput(args: string): string {
  try {
    const parsed: unknown = JSON.parse(args)
    if (parsed !== null && typeof parsed === 'object' && 'input' in parsed) {
      if (typeof parsed.input === 'string') return parsed.input
    }
  } catch {}
  return args
}
