import type { Completion } from 'openai/resources/completions'
import { endGeneration } from './end-generation.ts'
import {
  type GenerationDelta,
  type GenerationEnd,
  type StreamReader,
  type TokenUsage,
  toTokenUsage,
} from './generation-event.ts'

/** Reads an OpenAI (legacy) completion stream, as used for raw and fill-in-the-middle prompts. */
export class CompletionStreamReader implements StreamReader<Completion> {
  #finishReason: string | undefined
  #usage: TokenUsage | undefined

  read(chunk: Completion): GenerationDelta | undefined {
    if (chunk.usage) this.#usage = toTokenUsage(chunk.usage)
    const choice = chunk.choices?.[0]
    if (choice === undefined) return undefined
    if (choice.finish_reason) this.#finishReason = choice.finish_reason
    return choice.text ? { type: 'delta', content: choice.text, thinking: '' } : undefined
  }

  finish(): GenerationEnd {
    return endGeneration(this.#finishReason, undefined, this.#usage)
  }
}
