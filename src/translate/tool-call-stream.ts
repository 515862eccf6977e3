import type { ChatCompletionChunk } from 'openai/resources/chat/completions'
import type { GeneratedToolCall, ToolCallEvent } from '../core/generation-event.ts'
import { randomId } from '../core/random-id.ts'
import { OllamaError } from '../errors/ollama-error.ts'

type ToolCallDelta = ChatCompletionChunk.Choice.Delta.ToolCall

interface PartialCall {
  /** Position in the output, once started. */
  index: number
  id: string
  name: string
  arguments: string
}

/**
 * Turns streamed OpenAI tool-call deltas into tool-call events and, at the end, whole calls.
 * Deltas are keyed by `index` (else `id`, else position); `id` and `name` are taken once, since some
 * backends repeat them on every delta; `arguments` fragments are concatenated.
 *
 * A call starts once its name is known, and its argument fragments stream as they come. Calls
 * never interleave in the output: a call that appears while another is still open (its arguments
 * not yet a whole JSON value, as when a backend interleaves fragments of parallel calls) is held
 * back, and comes out whole when the stream ends. Calls without an id get a random one, so that ids
 * stay unique across a conversation.
 */
export class ToolCallStream {
  readonly #byKey = new Map<number | string, PartialCall>()
  /** Started calls, in output order. */
  readonly #started: PartialCall[] = []
  #open: PartialCall | undefined
  /** Whether the open call's arguments are a whole JSON value yet (checked as fragments come). */
  #openWhole = true

  /** The events the deltas of one chunk add (none when a call is only held back). */
  add(deltas: readonly ToolCallDelta[]): ToolCallEvent[] {
    const events: ToolCallEvent[] = []
    deltas.forEach((delta, position) => {
      const key = delta.index ?? delta.id ?? `#${position}`
      let call = this.#byKey.get(key)
      if (call === undefined) {
        call = { index: -1, id: '', name: '', arguments: '' }
        this.#byKey.set(key, call)
      }
      if (call.id === '' && delta.id) call.id = delta.id
      if (call.name === '' && delta.function?.name) call.name = delta.function.name
      const fragment = delta.function?.arguments ?? ''
      call.arguments += fragment
      if (call === this.#open) {
        if (fragment === '') return
        events.push({ type: 'arguments', index: call.index, text: fragment })
        this.#openWhole = isWholeObject(call.arguments)
      } else if (call.index < 0 && call.name !== '' && this.#openWhole) {
        this.#start(call, events)
      }
    })
    return events
  }

  /** The events of the calls held back until now, and every call, whole, in output order. */
  finish(): { events: ToolCallEvent[]; calls: GeneratedToolCall[] } {
    const events: ToolCallEvent[] = []
    for (const call of this.#byKey.values()) if (call.index < 0) this.#start(call, events)
    return { events, calls: this.#started.map(toGeneratedToolCall) }
  }

  /**
   * Whether a call is under way: started, and its arguments not yet a whole JSON object. Output
   * that comes meanwhile has to wait for it, so that the call's events stay together.
   */
  get isOpen(): boolean {
    return !this.#openWhole
  }

  #start(call: PartialCall, events: ToolCallEvent[]): void {
    call.index = this.#started.length
    call.id ||= randomId('call_')
    this.#started.push(call)
    this.#open = call
    this.#openWhole = isWholeObject(call.arguments)
    events.push({ type: 'start', index: call.index, id: call.id, name: call.name })
    if (call.arguments !== '') {
      events.push({ type: 'arguments', index: call.index, text: call.arguments })
    }
  }
}

/** Whether arguments text is a whole JSON object (parsed only when it could be: ending in `}`). */
function isWholeObject(text: string): boolean {
  if (!text.trimEnd().endsWith('}')) return false
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

function toGeneratedToolCall(call: PartialCall): GeneratedToolCall {
  return { id: call.id, name: call.name, arguments: parseArguments(call) }
}

function parseArguments(call: PartialCall): Record<string, unknown> {
  if (call.arguments.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(call.arguments)
  } catch {
    parsed = undefined
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new OllamaError(
      502,
      `the upstream returned invalid arguments for tool call "${call.name}": ${call.arguments.slice(0, 200)}`,
    )
  }
  return parsed as Record<string, unknown>
}
