import type OpenAI from 'openai'
import type { CreateEmbeddingResponse } from 'openai/resources/embeddings'
import { OllamaError } from '../errors/ollama-error.ts'
import { quoteUpstreamText } from '../errors/quote-upstream-text.ts'
import { createGuardedFetch, type Fetch } from './create-guarded-fetch.ts'
import type { InFlightRequest } from './in-flight-requests.ts'
import { InFlightRequests } from './in-flight-requests.ts'
import { readServerSentEvents } from './read-server-sent-events.ts'
import { readWholeBody } from './read-whole-body.ts'
import { toUpstreamModels } from './to-upstream-models.ts'
import type { ForwardedResponse, Upstream } from './upstream.ts'

/** Upstream time limits in milliseconds; `Infinity` is no limit. */
export interface UpstreamTimeouts {
  /** To connect (checked once headers are this late). */
  connectMs: number
  /** To the response headers. */
  headersMs: number
  /** Between two pieces of an answer, once it has started. */
  idleMs: number
  /** For the whole model list. */
  modelsMs: number
}

export interface OpenAIUpstreamOptions {
  baseUrl: string
  apiKey: string
  timeouts: UpstreamTimeouts
  maxRetries: number
  /** Sent with every request. */
  headers?: Record<string, string>
  /** Added to every request URL (Azure's api-version). */
  query?: Record<string, string>
  /** Another fetch, e.g. the built-in demo backend answering in-process. */
  fetch?: Fetch
  label?: string
}

/** The longest non-streamed answer read from the upstream (a JSON chat completion, embeddings). */
export const maxAnswerBytes = 64 * 2 ** 20

/**
 * The backend reached through the official `openai` SDK. The SDK (its client and every resource
 * class) is loaded on the first call, not at start: an idle service does not hold it (about 2 MiB
 * of RSS), and the first request pays for it once (about 6 ms). Calls go through a guarded fetch
 * (connect probe, retries, idle timeout, shutdown). Error messages may quote the upstream, and so
 * the key it refused: the app removes secrets wherever a message leaves the process.
 */
export function createOpenAIUpstream(options: OpenAIUpstreamOptions): Upstream {
  const { timeouts } = options
  const inFlight = new InFlightRequests({ idleTimeoutMs: timeouts.idleMs })
  const guarded = createGuardedFetch({
    fetch: options.fetch ?? fetch,
    inFlight,
    connectTimeoutMs: options.fetch ? Number.POSITIVE_INFINITY : timeouts.connectMs,
    maxRetries: options.maxRetries,
  })
  let loading: Promise<OpenAI> | undefined
  const sdk = () => {
    loading ??= import('openai').then(
      ({ default: OpenAI }) =>
        new OpenAI({
          baseURL: options.baseUrl,
          // Keyless local servers (llama.cpp, LM Studio, vLLM) ignore the key; the SDK needs one.
          apiKey: options.apiKey || 'no-key',
          // The SDK's timer is for the headers; 2^31 - 1 ms (24 days) is the longest a timer takes.
          timeout: Math.min(timeouts.headersMs, 2 ** 31 - 1),
          maxRetries: 0,
          defaultHeaders: options.headers,
          defaultQuery: options.query,
          fetch: guarded.fetch,
        }),
    )
    return loading
  }
  /** Sends a request; resolves with the 2xx response and its watched request. */
  const send = async (
    method: 'get' | 'post',
    path: string,
    body: Record<string, unknown> | undefined,
    signal: AbortSignal | undefined,
  ) => {
    const client = await sdk()
    const response = await client[method](path, { body, signal, stream: true }).asResponse()
    return { response, request: guarded.requestOf(response) }
  }
  const readJson = async (
    path: string,
    body: Record<string, unknown> | undefined,
    signal?: AbortSignal,
  ) => {
    const { response, request } = await send(body ? 'post' : 'get', path, body, signal)
    const text = (await readWholeBody(watched(response, request), maxAnswerBytes)).toString()
    try {
      return JSON.parse(text) as unknown
    } catch {
      throw new OllamaError(
        502,
        `the upstream's answer to ${path} is not valid JSON: ${quoteUpstreamText(text)}`,
        { kind: 'upstream_invalid' },
      )
    }
  }
  return {
    label: options.label ?? withoutCredentials(options.baseUrl),
    async listModels(signal) {
      const timeout = AbortSignal.timeout(Math.min(timeouts.modelsMs, 2 ** 31 - 1))
      const signals = signal ? AbortSignal.any([signal, timeout]) : timeout
      try {
        return toUpstreamModels(await readJson('/models', undefined, signals))
      } catch (error) {
        if (!timeout.aborted || signal?.aborted) throw error
        throw new OllamaError(
          504,
          `the upstream did not list its models within ${timeouts.modelsMs / 1000} s (MODELS_TIMEOUT)`,
          { kind: 'upstream_timeout' },
        )
      }
    },
    // The SDK sends the request and maps error statuses; the stream is read here, in batches.
    stream: async (path, params, signal) => {
      const { response, request } = await send('post', path, { ...params }, signal)
      return readServerSentEvents(watched(response, request), response.headers)
    },
    embed: async (params, signal) => {
      const answer = await readJson('/embeddings', { ...params }, signal)
      return toEmbeddingResponse(answer)
    },
    forward: async (path, body, signal): Promise<ForwardedResponse> => {
      const { response, request } = await send('post', path, body, signal)
      return {
        status: response.status,
        contentType: response.headers.get('content-type') ?? 'application/json',
        body: watched(response, request),
      }
    },
    endAll: (reason) => inFlight.endAll(reason),
  }
}

/**
 * The body of an answer, watched: each read counts as upstream activity (the idle timeout), the
 * request is closed at the end, and a failure says why — the proxy's own reason (idle timeout,
 * shutdown) when it ended the request, else the transport's.
 */
async function* watched(
  response: Response,
  request: InFlightRequest | undefined,
): AsyncGenerator<Uint8Array> {
  if (response.body === null) return
  try {
    for await (const bytes of response.body) {
      if (request) request.lastActivityAt = Date.now()
      yield bytes
    }
  } catch (error) {
    throw request?.endedBy ?? error
  } finally {
    request?.close()
  }
}

function toEmbeddingResponse(answer: unknown): CreateEmbeddingResponse {
  const data = (answer as { data?: unknown })?.data
  const valid =
    Array.isArray(data) &&
    data.every(
      (item) =>
        item !== null &&
        typeof item === 'object' &&
        Array.isArray((item as { embedding?: unknown }).embedding),
    )
  if (!valid) {
    throw new OllamaError(502, 'the upstream answered /embeddings without a list of embeddings', {
      kind: 'upstream_invalid',
    })
  }
  return answer as CreateEmbeddingResponse
}

/** A base URL as it may be shown: without `user:password@`. */
function withoutCredentials(baseUrl: string): string {
  const url = new URL(baseUrl)
  if (url.username === '' && url.password === '') return baseUrl
  url.username = ''
  url.password = ''
  return url.toString().replace(/\/+$/, '')
}
