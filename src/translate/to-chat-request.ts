import type { ChatRequest, GenerateRequest, Message } from '../ollama/schemas.ts'

/** A /api/generate request as the equivalent /api/chat request: system prompt, then the prompt. */
export function toChatRequest(request: GenerateRequest): ChatRequest {
  const messages: Message[] = []
  if (request.system) messages.push({ role: 'system', content: request.system })
  messages.push({ role: 'user', content: request.prompt ?? '', images: request.images })
  return {
    model: request.model,
    messages,
    format: request.format,
    options: request.options,
    think: request.think,
    logprobs: request.logprobs,
    top_logprobs: request.top_logprobs,
    keep_alive: request.keep_alive,
    stream: request.stream,
  }
}
