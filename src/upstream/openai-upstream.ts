import type OpenAI from 'openai'
import { APIError } from 'openai/core/error'
import { OllamaError } from '../errors/ollama-error.ts'
import { backendSecrets } from './backend-secrets.ts'
import { readServerSentEvents } from './read-server-sent-events.ts'
import type { Upstream, UpstreamModel } from './upstream.ts'

export interface OpenAIUpstreamOptions {
  baseUrl: string
  apiKey: string
  /** How long to wait for an answer to start (its headers). */
  timeoutMs: number
  /** How long to wait for the model list. */
  modelsTimeoutMs: number
  maxRetries: number
  /** Sent with every request. */
  headers?: Record<string, string>
  /** Added to every request URL (Azure's api-version). */
  query?: Record<string, string>
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
          defaultHeaders: options.headers,
          defaultQuery: options.query,
          fetch: options.fetch,
        }),
    )
    return loading
  }
  const hideKey = hideSecrets(backendSecrets(options))
  return {
    label: options.label ?? options.baseUrl,
    // GET /models is one page (the SDK's models.list is not paginated either); its body is
    // checked here, since the SDK reads any 200 (an HTML error page too) as an empty list.
    listModels: async (signal) => {
      const client = await sdk()
      const body: unknown = await client
        .get('/models', { signal, timeout: options.modelsTimeoutMs })
        .catch(hideKey)
      const data = (body as { data?: unknown } | null)?.data
      if (!Array.isArray(data))
        throw new OllamaError(502, 'the upstream sent an invalid model list')
      return data as UpstreamModel[]
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
 * Rethrows an upstream error with the credentials removed from its message: some backends quote
 * the key they refused, and error messages reach clients.
 */
function hideSecrets(secrets: string[]): (error: unknown) => never {
  const hide = (text: string) =>
    secrets.reduce((hidden, secret) => hidden.replaceAll(secret, '[redacted]'), text)
  return (error) => {
    if (secrets.length > 0 && error instanceof APIError) {
      error.message = hide(error.message)
      const body: unknown = error.error
      if (
        body &&
        typeof body === 'object' &&
        'message' in body &&
        typeof body.message === 'string'
      ) {
        body.message = hide(body.message)
      }
    }
    throw error
  }
}

function bodyOf(response: Response): AsyncIterable<Uint8Array> {
  return response.body ?? (async function* () {})()
}
