import type { StreamEncoder } from '../core/encode-stream.ts'
import type { GenerationDelta, GenerationEnd } from '../core/generation-event.ts'
import { randomId } from '../core/random-id.ts'
import type { OllamaError } from '../errors/ollama-error.ts'
import { sseEvent } from '../http/sse-event.ts'
import type { StreamFraming } from '../http/stream-response.ts'
import type { ItemStatus, OutputItem, ResponseObject } from './schemas.ts'
import { type ItemBody, itemIdPrefix, toAddedItem, toOutputItem } from './to-output-item.ts'
import { lastItemStatus, toFailedResponse, toFinishedResponse } from './to-responses-object.ts'
import type { ToolNames } from './tool-names.ts'

export interface ResponsesStreamOptions {
  /** The response as it starts: every lifecycle event carries it, updated. */
  envelope: ResponseObject
  names: ToolNames
  newId?: (prefix: string) => string
  /** Unix seconds, for `completed_at`. */
  now?: () => number
}

/** The item being generated, and where it goes in the output. */
interface OpenItem {
  id: string
  index: number
  body: ItemBody
}

/**
 * The Responses event stream of one generation, as the OpenAI SDKs' `responses.stream()`
 * accumulators and Codex accept it: `response.created` and `response.in_progress` first; then per
 * output item (reasoning, message, function or custom tool call) `output_item.added`, its part and
 * delta events and `output_item.done`, each item finished before the next is added, its id the
 * same in every event; then exactly one terminal event: `response.completed`,
 * `response.incomplete` (token limit, content filter) or `response.failed` (the items finished so
 * far and the error). `sequence_number` counts every event from 0.
 */
export class ResponsesStreamEncoder implements StreamEncoder {
  readonly #envelope: ResponseObject
  readonly #names: ToolNames
  readonly #newId: (prefix: string) => string
  readonly #now: () => number
  readonly #items: OutputItem[] = []
  #open: OpenItem | undefined
  #sequence = 0
  #started = false

  constructor(options: ResponsesStreamOptions) {
    this.#envelope = options.envelope
    this.#names = options.names
    this.#newId = options.newId ?? randomId
    this.#now = options.now ?? (() => Math.floor(Date.now() / 1000))
  }

  /** The opening events (once; later calls return nothing). */
  start(): string {
    if (this.#started) return ''
    this.#started = true
    const response = this.#envelope
    return (
      this.#event('response.created', { response }) +
      this.#event('response.in_progress', { response })
    )
  }

  delta(delta: GenerationDelta): string {
    let text = this.start()
    if (delta.thinking) text += this.#appendText('reasoning', delta.thinking)
    if (delta.content) text += this.#appendText('message', delta.content)
    for (const event of delta.toolCalls ?? []) {
      text +=
        event.type === 'start'
          ? this.#close('completed') +
            this.#openItem({ type: 'call', callId: event.id, name: event.name, arguments: '' })
          : this.#appendArguments(event.text)
    }
    return text
  }

  end(end: GenerationEnd): string {
    const text = this.start() + this.#close(lastItemStatus(end))
    const response = toFinishedResponse(this.#envelope, this.#items, end, this.#now())
    const type = response.status === 'completed' ? 'response.completed' : 'response.incomplete'
    return text + this.#event(type, { response })
  }

  /** The terminal event of a stream that failed: the item under way is left out. */
  failure(error: OllamaError): string {
    const response = toFailedResponse(this.#envelope, this.#items, error)
    return this.start() + this.#event('response.failed', { response })
  }

  /**
   * What to send while the backend is silent: the opening events if not sent yet; before the
   * first item another `response.in_progress` (Codex's idle timeout counts events, not comments);
   * after it an SSE comment, which every client skips.
   */
  keepAlive(): string {
    if (!this.#started) return this.start()
    if (this.#items.length === 0 && this.#open === undefined) {
      return this.#event('response.in_progress', { response: this.#envelope })
    }
    return ': keep-alive\n\n'
  }

  /** How the stream is framed: server-sent events, failures and keep-alives from this encoder. */
  framing(): StreamFraming {
    return {
      contentType: 'text/event-stream',
      failure: (error) => this.failure(error),
      keepAlive: () => this.keepAlive(),
    }
  }

  #appendText(type: 'reasoning' | 'message', delta: string): string {
    let text = ''
    let open = this.#open
    if (open?.body.type !== type) {
      text += this.#close('completed') + this.#openItem({ type, text: '' })
      open = this.#open as OpenItem
    }
    const body = open.body as Extract<ItemBody, { text: string }>
    body.text += delta
    const at = { item_id: open.id, output_index: open.index }
    return (
      text +
      (type === 'reasoning'
        ? this.#event('response.reasoning_summary_text.delta', { ...at, summary_index: 0, delta })
        : this.#event('response.output_text.delta', {
            ...at,
            content_index: 0,
            delta,
            logprobs: [],
          }))
    )
  }

  /** Argument text of the open call: streamed for functions, held for custom tools (its input is inside). */
  #appendArguments(delta: string): string {
    const open = this.#open
    if (open?.body.type !== 'call') return ''
    open.body.arguments += delta
    if (this.#names.target(open.body.name).type === 'custom') return ''
    return this.#event('response.function_call_arguments.delta', {
      item_id: open.id,
      output_index: open.index,
      delta,
    })
  }

  #openItem(body: ItemBody): string {
    const open: OpenItem = {
      id: this.#newId(itemIdPrefix(body, this.#names)),
      index: this.#items.length,
      body,
    }
    this.#open = open
    const at = { item_id: open.id, output_index: open.index }
    const added = this.#event('response.output_item.added', {
      output_index: open.index,
      item: toAddedItem(open.id, body, this.#names),
    })
    if (body.type === 'message') {
      return (
        added +
        this.#event('response.content_part.added', {
          ...at,
          content_index: 0,
          part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
        })
      )
    }
    if (body.type === 'reasoning') {
      return (
        added +
        this.#event('response.reasoning_summary_part.added', {
          ...at,
          summary_index: 0,
          part: { type: 'summary_text', text: '' },
        })
      )
    }
    return added
  }

  /** Finishes the open item, if any: its closing events, and it joins the output. */
  #close(status: ItemStatus): string {
    const open = this.#open
    if (open === undefined) return ''
    this.#open = undefined
    const item = toOutputItem(open.id, open.body, status, this.#names)
    this.#items.push(item)
    const at = { item_id: open.id, output_index: open.index }
    let text = ''
    switch (item.type) {
      case 'message': {
        const part = item.content[0]
        text =
          this.#event('response.output_text.done', {
            ...at,
            content_index: 0,
            text: part?.text,
            logprobs: [],
          }) + this.#event('response.content_part.done', { ...at, content_index: 0, part })
        break
      }
      case 'reasoning': {
        const part = item.summary[0]
        text =
          this.#event('response.reasoning_summary_text.done', {
            ...at,
            summary_index: 0,
            text: part?.text,
          }) +
          this.#event('response.reasoning_summary_part.done', { ...at, summary_index: 0, part })
        break
      }
      case 'function_call':
        text = this.#event('response.function_call_arguments.done', {
          ...at,
          arguments: item.arguments,
        })
        break
      case 'custom_tool_call':
        text = this.#event('response.custom_tool_call_input.done', { ...at, input: item.input })
        break
    }
    return text + this.#event('response.output_item.done', { output_index: open.index, item })
  }

  #event(type: string, fields: object): string {
    const data = { type, sequence_number: this.#sequence++, ...fields }
    return sseEvent(data)
  }
}
