import type { ChatCompletionChunk } from 'openai/resources/chat/completions'
import { createReasoningReader } from './create-reasoning-reader.ts'
import { endGeneration } from './end-generation.ts'
import {
  type GenerationDelta,
  type GenerationEnd,
  type StreamReader,
  type TokenUsage,
  toTokenUsage,
} from './generation-event.ts'
import { ThinkTagSplitter } from './think-tag-splitter.ts'
import { toOllamaLogprobs } from './to-ollama-logprobs.ts'
import { ToolCallAccumulator } from './tool-call-accumulator.ts'

const noText = { content: '', thinking: '' }

/**
 * Reads an OpenAI chat completion stream, chunk by chunk: text and reasoning (a reasoning field, or
 * a leading `<think>` block in the content) come out as they arrive; tool-call fragments, the finish
 * reason and usage are kept for the end. Reasoning is dropped when `keepThinking` is false (Ollama's
 * think:false).
 */
export class ChatStreamReader implements StreamReader<ChatCompletionChunk> {
  readonly #keepThinking: boolean
  readonly #toolCalls = new ToolCallAccumulator()
  readonly #readReasoning = createReasoningReader()
  readonly #thinkTags = new ThinkTagSplitter()
  #finishReason: string | undefined
  #usage: TokenUsage | undefined

  constructor(options: { keepThinking: boolean }) {
    this.#keepThinking = options.keepThinking
  }

  read(chunk: ChatCompletionChunk): GenerationDelta | undefined {
    if (chunk.usage) this.#usage = toTokenUsage(chunk.usage)
    const choice = chunk.choices?.[0]
    if (choice === undefined) return undefined
    if (choice.finish_reason) this.#finishReason = choice.finish_reason
    const delta = choice.delta
    if (delta === undefined) return undefined
    if (delta.tool_calls) this.#toolCalls.add(delta.tool_calls)
    const inline = delta.content ? this.#thinkTags.split(delta.content) : noText
    const content = inline.content
    const thinking = this.#keepThinking ? this.#readReasoning(delta) + inline.thinking : ''
    const logprobs = choice.logprobs?.content
    if (content === '' && thinking === '' && !logprobs?.length) return undefined
    return logprobs?.length
      ? { type: 'delta', content, thinking, logprobs: toOllamaLogprobs(logprobs) }
      : { type: 'delta', content, thinking }
  }

  finish(): GenerationEnd {
    return endGeneration(this.#finishReason, this.#toolCalls, this.#usage)
  }
}
