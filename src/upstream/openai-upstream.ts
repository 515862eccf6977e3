import OpenAI from 'openai'
import type { Upstream, UpstreamModel } from './upstream.ts'

export interface OpenAIUpstreamOptions {
  baseUrl: string
  apiKey: string
  timeoutMs: number
  maxRetries: number
  /** Another fetch, e.g. the built-in demo backend answering in-process. */
  fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>
  label?: string
}

/** The backend reached through the official `openai` SDK. */
export function createOpenAIUpstream(options: OpenAIUpstreamOptions): Upstream {
  const client = new OpenAI({
    baseURL: options.baseUrl,
    // Keyless local servers (llama.cpp, LM Studio, vLLM) ignore the key, but the SDK needs one.
    apiKey: options.apiKey || 'no-key',
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    fetch: options.fetch,
  })
  return {
    label: options.label ?? options.baseUrl,
    async listModels(signal) {
      const models: UpstreamModel[] = []
      for await (const model of client.models.list({ signal })) models.push(model as UpstreamModel)
      return models
    },
    streamChat: (params, signal) => client.chat.completions.create(params, { signal }),
    streamCompletion: (params, signal) => client.completions.create(params, { signal }),
    embed: (params, signal) => client.embeddings.create(params, { signal }),
    forward: (path, body, signal) =>
      client.post(path, { body, signal, stream: body.stream === true }).asResponse(),
  }
}
