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
  /** Text and reasoning that came while a tool call was under way: they follow the call. */
  readonly #held = { content: '', thinking: '' }

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
    let content = inline.content
    let thinking = this.#keepThinking ? this.#readReasoning(delta) + inline.thinking : ''
    const logprobs = choice.logprobs?.content
    const toolCalls = delta.tool_calls ? this.#toolCalls.add(delta.tool_calls) : undefined
    // Surfaces put a delta's text before its tool-call events: text held back goes out in a later
    // delta without any, once the call is whole.
    if (this.#toolCalls.isOpen || (toolCalls?.length && this.#isHolding())) {
      this.#held.content += content
      this.#held.thinking += thinking
      content = ''
      thinking = ''
    } else if (this.#isHolding()) {
      content = this.#held.content + content
      thinking = this.#held.thinking + thinking
      this.#held.content = ''
      this.#held.thinking = ''
    }
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
    if (events.length === 0 && !this.#isHolding()) return { end }
    const last: GenerationDelta = { ...this.#held }
    if (events.length > 0) last.toolCalls = events
    return { last, end }
  }

  #isHolding(): boolean {
    return this.#held.content !== '' || this.#held.thinking !== ''
  }

  #readFinish(choice: ChatCompletionChunk.Choice): void {
    this.#finish.reason = choice.finish_reason ?? undefined
    // vLLM names the stop string that matched (a token id when a stop token did).
    const stopReason = (choice as { stop_reason?: unknown }).stop_reason
    if (typeof stopReason === 'string') this.#finish.stopSequence = stopReason
  }
}
