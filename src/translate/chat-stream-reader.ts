import type { ChatCompletionChunk } from 'openai/resources/chat/completions'
import type {
  GenerationDelta,
  GenerationEnd,
  StreamReader,
  TokenUsage,
} from '../core/generation-event.ts'
import { createReasoningReader } from './create-reasoning-reader.ts'
import { ThinkTagSplitter } from './think-tag-splitter.ts'
import { toGenerationEnd, type UpstreamFinish } from './to-generation-end.ts'
import { toTokenLogprobs } from './to-token-logprobs.ts'
import { toTokenUsage } from './to-token-usage.ts'
import { ToolCallStream } from './tool-call-stream.ts'

const noText = { content: '', thinking: '' }

/**
 * Reads an OpenAI chat completion stream, chunk by chunk: text, reasoning (a reasoning field, or a
 * leading `<think>` block in the content) and tool-call fragments come out as they arrive; the
 * finish reason and usage are kept for the end. Reasoning is dropped when `keepThinking` is false
 * (the client asked the model not to think).
 */
export class ChatStreamReader implements StreamReader<ChatCompletionChunk> {
  readonly #keepThinking: boolean
  readonly #toolCalls = new ToolCallStream()
  readonly #readReasoning = createReasoningReader()
  readonly #thinkTags = new ThinkTagSplitter()
  readonly #finish: UpstreamFinish = { reason: undefined }
  #usage: TokenUsage | undefined

  constructor(options: { keepThinking: boolean }) {
    this.#keepThinking = options.keepThinking
  }

  read(chunk: ChatCompletionChunk): GenerationDelta | undefined {
    if (chunk.usage) this.#usage = toTokenUsage(chunk.usage)
    const choice = chunk.choices?.[0]
    if (choice === undefined) return undefined
    if (choice.finish_reason) this.#readFinish(choice)
    const delta = choice.delta
    if (delta === undefined) return undefined
    const inline = delta.content ? this.#thinkTags.split(delta.content) : noText
    const content = inline.content
    const thinking = this.#keepThinking ? this.#readReasoning(delta) + inline.thinking : ''
    const logprobs = choice.logprobs?.content
    const toolCalls = delta.tool_calls ? this.#toolCalls.add(delta.tool_calls) : undefined
    if (content === '' && thinking === '' && !logprobs?.length && !toolCalls?.length) {
      return undefined
    }
    const read: GenerationDelta = { content, thinking }
    if (logprobs?.length) read.logprobs = toTokenLogprobs(logprobs)
    if (toolCalls?.length) read.toolCalls = toolCalls
    return read
  }

  finish(): { last?: GenerationDelta; end: GenerationEnd } {
    const { events, calls } = this.#toolCalls.finish()
    const end = toGenerationEnd(this.#finish, calls, this.#usage)
    return events.length > 0
      ? { last: { content: '', thinking: '', toolCalls: events }, end }
      : { end }
  }

  #readFinish(choice: ChatCompletionChunk.Choice): void {
    this.#finish.reason = choice.finish_reason ?? undefined
    // vLLM names the stop string that matched (a token id when a stop token did).
    const stopReason = (choice as { stop_reason?: unknown }).stop_reason
    if (typeof stopReason === 'string') this.#finish.stopSequence = stopReason
  }
}
