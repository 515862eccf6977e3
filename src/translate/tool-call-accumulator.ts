import type { ChatCompletionChunk } from 'openai/resources/chat/completions'
import { OllamaError } from '../errors/ollama-error.ts'
import type { ResponseToolCall } from '../ollama/schemas.ts'

type ToolCallDelta = ChatCompletionChunk.Choice.Delta.ToolCall

interface PartialCall {
  id: string
  name: string
  arguments: string
}

/**
 * Assembles streamed OpenAI tool-call deltas into whole Ollama tool calls, in `index` order. Deltas
 * are keyed by `index` (else `id`, else position); `id` and `name` are taken once, since some
 * backends repeat them on every delta; only `arguments` fragments are concatenated.
 */
export class ToolCallAccumulator {
  readonly #calls = new Map<number | string, PartialCall>()

  add(deltas: readonly ToolCallDelta[]): void {
    deltas.forEach((delta, position) => {
      const key = delta.index ?? delta.id ?? `#${position}`
      let call = this.#calls.get(key)
      if (call === undefined) {
        call = { id: '', name: '', arguments: '' }
        this.#calls.set(key, call)
      }
      if (call.id === '' && delta.id) call.id = delta.id
      if (call.name === '' && delta.function?.name) call.name = delta.function.name
      if (delta.function?.arguments) call.arguments += delta.function.arguments
    })
  }

  /** The calls in order, with arguments parsed into objects; throws on arguments that are not. */
  finish(): ResponseToolCall[] {
    const byIndex = [...this.#calls.entries()].sort(([a], [b]) =>
      typeof a === 'number' && typeof b === 'number' ? a - b : 0,
    )
    return byIndex.map(([, call], index) => ({
      id: call.id || `call_${index}`,
      function: { index, name: call.name, arguments: parseArguments(call) },
    }))
  }
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
      `the upstream returned invalid arguments for tool call "${call.name}": ${call.arguments}`,
    )
  }
  return parsed as Record<string, unknown>
}
