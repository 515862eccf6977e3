import type { Completion } from 'openai/resources/completions'
import { endGeneration } from './end-generation.ts'
import { type GenerationEvent, type TokenUsage, toTokenUsage } from './generation-event.ts'

/** Reads an OpenAI (legacy) completion stream, as used for raw and fill-in-the-middle prompts. */
export async function* readOpenAICompletionStream(
  chunks: AsyncIterable<Completion>,
): AsyncGenerator<GenerationEvent> {
  let finishReason: string | undefined
  let usage: TokenUsage | undefined
  for await (const chunk of chunks) {
    if (chunk.usage) usage = toTokenUsage(chunk.usage)
    const choice = chunk.choices?.[0]
    if (choice === undefined) continue
    if (choice.text) yield { type: 'delta', content: choice.text, thinking: '' }
    if (choice.finish_reason) finishReason = choice.finish_reason
  }
  yield endGeneration(finishReason, undefined, usage)
}
