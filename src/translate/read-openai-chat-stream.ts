import type { ChatCompletionChunk } from 'openai/resources/chat/completions'
import { createReasoningReader } from './create-reasoning-reader.ts'
import { endGeneration } from './end-generation.ts'
import { type GenerationEvent, type TokenUsage, toTokenUsage } from './generation-event.ts'
import { toOllamaLogprobs } from './to-ollama-logprobs.ts'
import { ToolCallAccumulator } from './tool-call-accumulator.ts'

/**
 * Reads an OpenAI chat completion stream into generation events: text and reasoning deltas as they
 * arrive, then one end event with the assembled tool calls, done_reason and usage. Reasoning is
 * dropped when `keepThinking` is false (Ollama's think:false). A stream that ends without a
 * finish_reason was cut short: that is an error, not a normal end.
 */
export async function* readOpenAIChatStream(
  chunks: AsyncIterable<ChatCompletionChunk>,
  options: { keepThinking: boolean },
): AsyncGenerator<GenerationEvent> {
  const toolCalls = new ToolCallAccumulator()
  const readReasoning = createReasoningReader()
  let finishReason: string | undefined
  let usage: TokenUsage | undefined
  for await (const chunk of chunks) {
    if (chunk.usage) usage = toTokenUsage(chunk.usage)
    const choice = chunk.choices?.[0]
    if (choice === undefined) continue
    const delta = choice.delta ?? {}
    if (delta.tool_calls) toolCalls.add(delta.tool_calls)
    const content = delta.content ?? ''
    const thinking = options.keepThinking ? readReasoning(delta) : ''
    const logprobs = choice.logprobs?.content
    if (content !== '' || thinking !== '' || logprobs?.length) {
      yield {
        type: 'delta',
        content,
        thinking,
        ...(logprobs?.length && { logprobs: toOllamaLogprobs(logprobs) }),
      }
    }
    if (choice.finish_reason) finishReason = choice.finish_reason
  }
  yield endGeneration(finishReason, toolCalls, usage)
}
