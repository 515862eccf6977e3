import type { GenerationRequest } from '../core/generation-request.ts'
import { OllamaError } from '../errors/ollama-error.ts'
import type { GenerateRequest } from '../ollama/schemas.ts'
import { fromOllamaChat } from './from-ollama-chat.ts'
import { parseKeepAlive } from './parse-keep-alive.ts'
import { toChatRequest } from './to-chat-request.ts'
import { toSampling } from './to-sampling.ts'

/**
 * An Ollama generate request as a neutral generation: a raw prompt or a fill-in-the-middle one
 * (`raw`, `suffix`) goes verbatim to the completions endpoint; any other is a chat of a system and
 * a user message.
 */
export function fromOllamaGenerate(request: GenerateRequest): GenerationRequest {
  if (request.raw !== true && (request.suffix ?? '') === '') {
    return fromOllamaChat(toChatRequest(request))
  }
  if (request.raw && (request.template || request.system || request.context?.length)) {
    throw OllamaError.badRequest('raw mode does not support template, system, or context')
  }
  if (request.images?.length) {
    throw OllamaError.badRequest('images are not supported with raw prompts or suffix')
  }
  return {
    kind: 'completion',
    model: request.model ?? '',
    prompt: request.prompt ?? '',
    ...(request.suffix && { suffix: request.suffix }),
    sampling: toSampling(request.options),
    ...(request.keep_alive !== undefined && { keepAliveMs: parseKeepAlive(request.keep_alive) }),
  }
}
