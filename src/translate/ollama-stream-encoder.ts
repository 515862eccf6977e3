import type { GenerationResult } from '../core/collect-generation.ts'
import { joinBlocks } from '../core/collect-generation.ts'
import type { StreamEncoder } from '../core/encode-stream.ts'
import type { GeneratedToolCall, GenerationDelta, GenerationEnd } from '../core/generation-event.ts'
import type { GenerationRun } from '../core/generation-pipeline.ts'
import type { ResponseToolCall } from '../ollama/schemas.ts'
import { isoTimestamp } from './iso-timestamp.ts'
import { chatChunkLine, generateChunkLine } from './ollama-chunk-line.ts'
import type { OllamaChunkPart, OllamaDone } from './ollama-chunk-part.ts'
import { toOllamaChatChunk } from './to-ollama-chat-chunk.ts'
import { toOllamaGenerateChunk } from './to-ollama-generate-chunk.ts'
import { toOllamaMetrics } from './to-ollama-metrics.ts'

/** The two Ollama endpoints that generate, and how each shapes a chunk and its fast-path line. */
const endpoints = {
  chat: { toChunk: toOllamaChatChunk, chunkLine: chatChunkLine },
  generate: { toChunk: toOllamaGenerateChunk, chunkLine: generateChunkLine },
}

export type OllamaEndpoint = keyof typeof endpoints

export interface OllamaReplyOptions {
  endpoint: OllamaEndpoint
  /** The model as the client named it: every chunk echoes it. */
  model: string
  /** Whether the last chunk carries `context` (generate, unless raw). */
  withContext: boolean
}

/**
 * Ollama's NDJSON stream: one line per piece of output, then (chat) the tool calls in a line of
 * their own, then the `done: true` line with done_reason and metrics.
 */
export function createOllamaEncoder(
  options: OllamaReplyOptions,
  run: Pick<GenerationRun, 'timings' | 'now'>,
): StreamEncoder {
  const { toChunk } = endpoints[options.endpoint]
  const line = endpoints[options.endpoint].chunkLine(options.model)
  const chunk = (part: OllamaChunkPart, done?: OllamaDone) =>
    `${JSON.stringify(toChunk(options.model, isoTimestamp(), part, done))}\n`
  return {
    delta: (delta: GenerationDelta) =>
      delta.content === '' && delta.thinking === '' && !delta.logprobs
        ? ''
        : `${line(isoTimestamp(), delta)}\n`,
    end: (end: GenerationEnd) => {
      const toolCalls =
        end.toolCalls.length > 0 && options.endpoint === 'chat'
          ? chunk({ content: '', toolCalls: toOllamaToolCalls(end.toolCalls) })
          : ''
      return `${toolCalls}${chunk({ content: '' }, doneOf(end, options, run))}`
    },
  }
}

/**
 * The single Ollama answer for a non-streamed request, assembled as Ollama does: content and
 * thinking concatenated, tool calls and log probabilities joined, the end's metadata.
 */
export function toOllamaAnswer(
  options: OllamaReplyOptions,
  run: Pick<GenerationRun, 'timings' | 'now'>,
  result: GenerationResult,
) {
  const part: OllamaChunkPart = {
    content: joinBlocks(result, 'text'),
    thinking: joinBlocks(result, 'thinking'),
    logprobs: result.logprobs,
  }
  if (options.endpoint === 'chat') part.toolCalls = toOllamaToolCalls(result.end.toolCalls)
  return endpoints[options.endpoint].toChunk(
    options.model,
    isoTimestamp(),
    part,
    doneOf(result.end, options, run),
  )
}

/** Ollama's answer to a request with nothing to generate: the model is loaded, or unloaded. */
export function toOllamaLoadAnswer(endpoint: OllamaEndpoint, model: string, keepAliveMs: number) {
  const doneReason = keepAliveMs === 0 ? 'unload' : 'load'
  return endpoints[endpoint].toChunk(model, isoTimestamp(), { content: '' }, { doneReason })
}

function doneOf(
  end: GenerationEnd,
  options: OllamaReplyOptions,
  run: Pick<GenerationRun, 'timings' | 'now'>,
): OllamaDone {
  const done: OllamaDone = {
    // Ollama knows only stop and length; it reports tool calls with stop.
    doneReason: end.finishReason === 'length' ? 'length' : 'stop',
    metrics: toOllamaMetrics(run.timings, run.now(), end.usage),
  }
  if (options.withContext) done.context = []
  return done
}

function toOllamaToolCalls(calls: readonly GeneratedToolCall[]): ResponseToolCall[] {
  return calls.map((call, index) => ({
    id: call.id,
    function: { index, name: call.name, arguments: call.arguments },
  }))
}
