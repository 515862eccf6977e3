import type OpenAI from 'openai'
import { APIError } from 'openai/core/error'
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

/**
 * The backend reached through the official `openai` SDK. The SDK (its client and every resource
 * class) is loaded on the first call, not at start: an idle service does not hold it (about 2 MiB
 * of RSS), and the first request pays for it once (about 6 ms). Its error classes come from the
 * light `openai/core/error`, the same classes the client throws.
 */
export function createOpenAIUpstream(options: OpenAIUpstreamOptions): Upstream {
  let loading: Promise<OpenAI> | undefined
  const sdk = () => {
    loading ??= import('openai').then(
      ({ default: OpenAI }) =>
        new OpenAI({
          baseURL: options.baseUrl,
          // Keyless local servers (llama.cpp, LM Studio, vLLM) ignore the key; the SDK needs one.
          apiKey: options.apiKey || 'no-key',
          timeout: options.timeoutMs,
          maxRetries: options.maxRetries,
          fetch: options.fetch,
        }),
    )
    return loading
  }
  const hideKey = hideSecret(options.apiKey)
  return {
    label: options.label ?? options.baseUrl,
    async listModels(signal) {
      const models: UpstreamModel[] = []
      try {
        const client = await sdk()
        for await (const model of client.models.list({ signal }))
          models.push(model as UpstreamModel)
      } catch (error) {
        hideKey(error)
      }
      return models
    },
    // The SDK sends the request and maps error statuses; the stream is read here, in batches.
    stream: async (path, params, signal) => {
      const client = await sdk()
      const response = await client
        .post(path, { body: params, signal, stream: true })
        .asResponse()
        .catch(hideKey)
      return readServerSentEvents(bodyOf(response), response.headers)
    },
    embed: async (params, signal) =>
      (await sdk()).embeddings.create(params, { signal }).catch(hideKey),
    forward: async (path, body, signal) =>
      (await sdk())
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
