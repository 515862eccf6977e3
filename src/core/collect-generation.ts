import type {
  GeneratedToolCall,
  GenerationBatch,
  GenerationDelta,
  GenerationEnd,
  TokenLogprob,
} from './generation-event.ts'

/** One part of a whole answer: consecutive text or reasoning joined, each tool call on its own. */
export type OutputBlock =
  | { type: 'thinking'; text: string }
  | { type: 'text'; text: string }
  | { type: 'tool_call'; call: GeneratedToolCall }

/** A whole generation, for a non-streamed answer: its output in the order generated, and its end. */
export interface GenerationResult {
  blocks: OutputBlock[]
  logprobs: TokenLogprob[]
  end: GenerationEnd
}

/** Reads a generation to its end and assembles it (throws what the stream throws). */
export async function collectGeneration(
  batches: AsyncIterable<GenerationBatch>,
): Promise<GenerationResult> {
  const answer = new AnswerAssembler()
  for await (const batch of batches) {
    for (const delta of batch.deltas) answer.add(delta)
    if (batch.end) return answer.finish(batch.end)
  }
  throw new Error('the generation ended without its end')
}

class AnswerAssembler {
  readonly #blocks: OutputBlock[] = []
  readonly #logprobs: TokenLogprob[] = []
  /** Tool-call blocks by output index, to fill in with the whole calls at the end. */
  readonly #toolBlocks: { type: 'tool_call'; call: GeneratedToolCall }[] = []

  add(delta: GenerationDelta): void {
    if (delta.thinking) this.#append('thinking', delta.thinking)
    if (delta.content) this.#append('text', delta.content)
    if (delta.logprobs) this.#logprobs.push(...delta.logprobs)
    for (const event of delta.toolCalls ?? []) {
      if (event.type !== 'start') continue
      const block = {
        type: 'tool_call' as const,
        call: { id: event.id, name: event.name, arguments: {} },
      }
      this.#toolBlocks[event.index] = block
      this.#blocks.push(block)
    }
  }

  finish(end: GenerationEnd): GenerationResult {
    for (const [index, call] of end.toolCalls.entries()) {
      const block = this.#toolBlocks[index]
      if (block) block.call = call
      else this.#blocks.push({ type: 'tool_call', call })
    }
    return { blocks: this.#blocks, logprobs: this.#logprobs, end }
  }

  #append(type: 'thinking' | 'text', text: string): void {
    const last = this.#blocks.at(-1)
    if (last?.type === type) last.text += text
    else this.#blocks.push({ type, text })
  }
}

/** The text of every block of one type, joined. */
export function joinBlocks(result: GenerationResult, type: 'thinking' | 'text'): string {
  let text = ''
  for (const block of result.blocks) if (block.type === type) text += block.text
  return text
}
