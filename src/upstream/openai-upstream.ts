import OpenAI, { APIError } from 'openai'
import type { ChatCompletionChunk } from 'openai/resources/chat/completions'
import type { Completion } from 'openai/resources/completions'
import { readServerSentEvents } from './read-server-sent-events.ts'
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
  const hideKey = hideSecret(options.apiKey)
  return {
    label: options.label ?? options.baseUrl,
    async listModels(signal) {
      const models: UpstreamModel[] = []
      try {
        for await (const model of client.models.list({ signal }))
          models.push(model as UpstreamModel)
      } catch (error) {
        hideKey(error)
      }
      return models
    },
    // The SDK sends the request and maps error statuses; the stream is read here, in batches.
    streamChat: async (params, signal) => {
      const response = await client.chat.completions
        .create(params, { signal })
        .asResponse()
        .catch(hideKey)
      return readServerSentEvents(bodyOf(response), response.headers) as AsyncIterable<
        ChatCompletionChunk[]
      >
    },
    streamCompletion: async (params, signal) => {
      const response = await client.completions
        .create(params, { signal })
        .asResponse()
        .catch(hideKey)
      return readServerSentEvents(bodyOf(response), response.headers) as AsyncIterable<Completion[]>
    },
    embed: (params, signal) => client.embeddings.create(params, { signal }).catch(hideKey),
    forward: (path, body, signal) =>
      client
        .post(path, { body, signal, stream: body.stream === true })
        .asResponse()
        .catch(hideKey),
  }
}

/**
 * Rethrows an upstream error with the API key removed from its message: some backends quote the
 * key they refused, and error messages reach clients.
 */
function hideSecret(secret: string): (error: unknown) => never {
  return (error) => {
    if (secret.length >= 4 && error instanceof APIError) {
      error.message = error.message.replaceAll(secret, '[redacted]')
      const body: unknown = error.error
      if (
        body &&
        typeof body === 'object' &&
        'message' in body &&
        typeof body.message === 'string'
      ) {
        body.message = body.message.replaceAll(secret, '[redacted]')
      }
    }
    throw error
  }
}

function bodyOf(response: Response): AsyncIterable<Uint8Array> {
  return response.body ?? (async function* () {})()
}
