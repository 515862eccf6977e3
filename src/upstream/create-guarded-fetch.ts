import { connect } from 'node:net'
import { OllamaError } from '../errors/ollama-error.ts'
import { backoffMs } from './backoff-ms.ts'
import type { InFlightRequest, InFlightRequests } from './in-flight-requests.ts'
import { parseRetryAfter } from './parse-retry-after.ts'
import { pause } from './pause.ts'

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/** Whether a TCP connection to `host:port` can be made within `timeoutMs`. */
export type ConnectProbe = (host: string, port: number, timeoutMs: number) => Promise<boolean>

export interface GuardedFetchOptions {
  fetch: Fetch
  inFlight: InFlightRequests
  /**
   * How long a request may wait for response headers before the proxy checks that the upstream
   * can be connected to at all; when it cannot, the request ends with a connect timeout.
   */
  connectTimeoutMs: number
  /** Retries of a call that failed before its answer started (connection failure, 429, 5xx). */
  maxRetries: number
  probe?: ConnectProbe
  /** Waits between retries; `Bun.sleep` by default (tests pass a recorder). */
  sleep?: (ms: number) => Promise<void>
}

/** A guarded fetch, and the in-flight request each of its responses belongs to. */
export interface GuardedFetch {
  fetch: Fetch
  /** The watched request a 2xx response belongs to (the reader closes it when done). */
  requestOf(response: Response): InFlightRequest | undefined
}

/**
 * `fetch` for upstream calls. Each call is watched (`InFlightRequests`: idle timeout from its
 * headers on, ended all at once on shutdown). Bun's own socket idle timer (5 minutes, which would
 * silently cut longer silences) is turned off: the proxy's idle timeout is the one that counts.
 * Connecting cannot be timed apart from waiting for headers with fetch, so when headers take
 * longer than the connect timeout, a TCP probe tells an unreachable upstream (ended with a clear
 * error) from a slow one (left to the headers timeout). A call that fails before its answer starts
 * is retried `maxRetries` times, with jittered exponential backoff or after the upstream's
 * Retry-After: nothing has reached the client yet.
 */
export function createGuardedFetch(options: GuardedFetchOptions): GuardedFetch {
  const requests = new WeakMap<Response, InFlightRequest>()
  const probe = options.probe ?? probeTcp
  const { sleep } = options
  return {
    requestOf: (response) => requests.get(response),
    fetch: async (input, init) => {
      const request = options.inFlight.open(init?.signal ?? undefined)
      const guardedInit = { ...init, signal: request.signal, timeout: false } as RequestInit
      let response: Response
      try {
        response = await sendWithRetries(input, guardedInit, request)
      } catch (error) {
        request.close()
        throw error
      }
      // Error bodies are small and read by the SDK: only answers are watched further.
      if (!response.ok) request.close()
      else {
        request.lastActivityAt = Date.now()
        requests.set(response, request)
      }
      return response
    },
  }

  async function sendWithRetries(
    input: string | URL | Request,
    init: RequestInit,
    request: InFlightRequest,
  ): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await sendOnce(input, init, request, attempt < options.maxRetries, attempt)
      if (outcome instanceof Response) return outcome
      await pause(outcome.retryInMs, request.signal, sleep)
    }
  }

  /** One attempt: the response to keep, or how long to wait before the next attempt. */
  async function sendOnce(
    input: string | URL | Request,
    init: RequestInit,
    request: InFlightRequest,
    mayRetry: boolean,
    attempt: number,
  ): Promise<Response | { retryInMs: number }> {
    let response: Response
    try {
      response = await fetchWithConnectProbe(input, init, request)
    } catch (error) {
      const ended = request.endedBy ?? (request.signal.aborted ? error : undefined)
      if (ended !== undefined || !mayRetry) throw ended ?? error
      return { retryInMs: backoffMs(attempt) }
    }
    const retryInMs = mayRetry ? retryDelayMs(response, attempt) : undefined
    if (retryInMs === undefined) return response
    await response.body?.cancel()
    return { retryInMs }
  }

  async function fetchWithConnectProbe(
    input: string | URL | Request,
    init: RequestInit,
    request: InFlightRequest,
  ): Promise<Response> {
    const { connectTimeoutMs } = options
    const probeTimer = Number.isFinite(connectTimeoutMs)
      ? setTimeout(() => {
          const url = new URL(input instanceof Request ? input.url : input)
          const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
          void probe(url.hostname, port, connectTimeoutMs).then((reachable) => {
            if (reachable) return
            request.end(
              new OllamaError(
                504,
                `cannot connect to the upstream (${url.host}) within ${connectTimeoutMs / 1000} s`,
                { kind: 'upstream_unreachable' },
              ),
            )
          })
        }, connectTimeoutMs)
      : undefined
    try {
      return await options.fetch(input, init)
    } finally {
      clearTimeout(probeTimer)
    }
  }
}

/** The longest Retry-After honoured by a retry; a longer one goes back to the client. */
const maxRetryAfterMs = 30_000

/**
 * How long to wait before retrying an answer worth retrying (429, 408, 409, 5xx), honouring the
 * upstream's Retry-After / retry-after-ms; undefined when it is not worth retrying, or the upstream
 * asks for a longer wait than a client should sit through.
 */
function retryDelayMs(response: Response, attempt: number): number | undefined {
  const { status } = response
  if (!(status === 408 || status === 409 || status === 429 || status >= 500)) return undefined
  const asked = parseRetryAfter((name) => response.headers.get(name), Date.now())
  if (asked === undefined) return backoffMs(attempt)
  return asked <= maxRetryAfterMs ? asked : undefined
}

const probeTcp: ConnectProbe = (host, port, timeoutMs) =>
  new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs })
    const settle = (reachable: boolean) => {
      socket.destroy()
      resolve(reachable)
    }
    socket.once('connect', () => settle(true))
    socket.once('error', () => settle(false))
    socket.once('timeout', () => settle(false))
  })
