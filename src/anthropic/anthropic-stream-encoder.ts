import type { StreamEncoder } from '../core/encode-stream.ts'
import type { GenerationDelta, GenerationEnd, ToolCallEvent } from '../core/generation-event.ts'
import type { OllamaError } from '../errors/ollama-error.ts'
import { sseEvent } from '../http/sse-event.ts'
import type { StreamFraming } from '../http/stream-response.ts'
import { toAnthropicError } from './to-anthropic-error.ts'
import { toAnthropicStopReason } from './to-anthropic-stop-reason.ts'
import { toAnthropicUsage } from './to-anthropic-usage.ts'

/** What every event of one answer says about the message. */
export interface AnthropicMessageOptions {
  /** `msg_…` */
  id: string
  /** The model as the request named it. */
  model: string
  /** The prompt's estimated size, until the backend reports its count. */
  inputTokens: number
}

type BlockType = 'thinking' | 'text' | 'tool_use'

const ping = sseEvent({ type: 'ping' })

/**
 * Anthropic's event stream for one answer, as a state machine: `message_start` (empty content,
 * the estimated input tokens) before anything else; then one content block per run of thinking,
 * of text, and per tool call, numbered 0, 1, 2… in the order they start, each closed before the
 * next opens (a thinking block with an empty `signature_delta`, as the SDKs expect); then
 * `message_delta` with the stop reason and the whole usage, and `message_stop`. While the backend
 * is silent, `ping`s; a failure after the start is an `error` event, with no `message_stop`.
 */
export class AnthropicStreamEncoder implements StreamEncoder, StreamFraming {
  readonly contentType = 'text/event-stream'
  readonly #message: AnthropicMessageOptions
  #started = false
  #nextIndex = 0
  #open: { type: BlockType; index: number } | undefined
  /** The block index of each tool call, by the call's output index. */
  readonly #toolBlocks: number[] = []
  #outputChars = 0

  constructor(message: AnthropicMessageOptions) {
    this.#message = message
  }

  delta(delta: GenerationDelta): string {
    let events = this.start()
    if (delta.thinking) {
      events += this.#continue('thinking', { type: 'thinking_delta', thinking: delta.thinking })
      this.#outputChars += delta.thinking.length
    }
    if (delta.content) {
      events += this.#continue('text', { type: 'text_delta', text: delta.content })
      this.#outputChars += delta.content.length
    }
    for (const event of delta.toolCalls ?? []) events += this.#toolCall(event)
    return events
  }

  end(end: GenerationEnd): string {
    const usage = toAnthropicUsage(end.usage, {
      inputTokens: this.#message.inputTokens,
      outputChars: this.#outputChars,
    })
    return (
      this.start() +
      this.#close() +
      sseEvent({ type: 'message_delta', delta: toAnthropicStopReason(end), usage }) +
      sseEvent({ type: 'message_stop' })
    )
  }

  keepAlive(): string {
    return this.start() + ping
  }

  failure(error: OllamaError): string {
    return sseEvent(toAnthropicError(error))
  }

  /** `message_start` (once; later calls return nothing). */
  start(): string {
    if (this.#started) return ''
    this.#started = true
    const { id, model, inputTokens } = this.#message
    return sseEvent({
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: 0 },
      },
    })
  }

  /** A delta for the open block of `type`, opening one first if another block (or none) is open. */
  #continue(type: 'thinking' | 'text', delta: object): string {
    let events = ''
    if (this.#open?.type !== type) {
      events += this.#close()
      events += this.#openBlock(type === 'text' ? { type, text: '' } : { type, thinking: '' })
    }
    const index = (this.#open as { index: number }).index
    return events + sseEvent({ type: 'content_block_delta', index, delta })
  }

  #toolCall(event: ToolCallEvent): string {
    if (event.type === 'start') {
      const events = this.#close()
      this.#toolBlocks[event.index] = this.#nextIndex
      return (
        events + this.#openBlock({ type: 'tool_use', id: event.id, name: event.name, input: {} })
      )
    }
    this.#outputChars += event.text.length
    return sseEvent({
      type: 'content_block_delta',
      index: this.#toolBlocks[event.index],
      delta: { type: 'input_json_delta', partial_json: event.text },
    })
  }

  #openBlock<Block extends { type: BlockType }>(block: Block): string {
    const index = this.#nextIndex++
    this.#open = { type: block.type, index }
    return sseEvent({ type: 'content_block_start', index, content_block: block })
  }

  #close(): string {
    const open = this.#open
    if (open === undefined) return ''
    this.#open = undefined
    const signature =
      open.type === 'thinking'
        ? sseEvent({
            type: 'content_block_delta',
            index: open.index,
            delta: { type: 'signature_delta', signature: '' },
          })
        : ''
    return signature + sseEvent({ type: 'content_block_stop', index: open.index })
  }
}
