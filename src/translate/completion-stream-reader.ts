import type { Completion } from 'openai/resources/completions'
import type {
  GenerationDelta,
  GenerationEnd,
  StreamReader,
  TokenUsage,
} from '../core/generation-event.ts'
import { toGenerationEnd, type UpstreamFinish } from './to-generation-end.ts'
import { toTokenUsage } from './to-token-usage.ts'

/** Reads an OpenAI (legacy) completion stream, as used for raw and fill-in-the-middle prompts. */
export class CompletionStreamReader implements StreamReader<Completion> {
  readonly #finish: UpstreamFinish = { reason: undefined }
  #usage: TokenUsage | undefined

  read(chunk: Completion): GenerationDelta | undefined {
    if (chunk.usage) this.#usage = toTokenUsage(chunk.usage)
    const choice = chunk.choices?.[0]
    if (choice === undefined) return undefined
    if (choice.finish_reason) this.#finish.reason = choice.finish_reason
    return choice.text ? { content: choice.text, thinking: '' } : undefined
  }

  finish(): { end: GenerationEnd } {
    return { end: toGenerationEnd(this.#finish, [], this.#usage) }
  }
}
