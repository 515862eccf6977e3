/**
 * The benchmark's load generator, run as a process of its own:
 * `bun bench/load.ts '<LoadOptions as JSON>'` prints one `LoadResult` as JSON on stdout.
 *
 * `concurrency` clients each send chat requests back to back, either to the proxy (Ollama
 * `/api/chat`, NDJSON back) or to the fake upstream directly (OpenAI `/v1/chat/completions`, SSE
 * back), and read every answer as a real client does: each NDJSON line or SSE event is
 * JSON-parsed, so both targets cost the client the same kind of work per token. After `warmupMs`
 * it counts, for `durationMs`: content chunks received, requests completed, and for the requests
 * started in that window the time to first token (request sent → first content line or event
 * parsed) and the time to the end of the answer. No request starts after the window; those still
 * running are read to their end (at most `drainMs`, then aborted).
 */
import { cpuTimeMs } from './proc.ts'

export interface LoadOptions {
  /** The proxy's base URL, or the fake upstream's (no `/v1`), always on 127.0.0.1. */
  baseUrl: string
  target: 'proxy' | 'direct'
  concurrency: number
  warmupMs: number
  durationMs: number
  /** Tokens per answer. */
  tokens: number
  /** Milliseconds between tokens (0: as fast as the upstream can write). */
  delayMs: number
  stream: boolean
  /** The clients' first requests are spread evenly over this many ms. */
  staggerMs?: number
  /** How long requests still running after the window may take before they are aborted. */
  drainMs?: number
  /** Processes whose CPU time within the window is reported too (the proxy, the upstream). */
  watchPids?: number[]
}

export interface Percentiles {
  count: number
  p50: number
  p90: number
  p99: number
  max: number
}

export interface LoadResult {
  target: 'proxy' | 'direct'
  concurrency: number
  stream: boolean
  windowMs: number
  /** Content chunks received within the window, per second. */
  chunksPerSec: number
  /** Requests completed within the window, per second. */
  requestsPerSec: number
  chunks: number
  requests: number
  /** Time to first content chunk, ms (streams only). */
  ttftMs?: Percentiles
  /** Time to the end of the answer, ms. */
  latencyMs: Percentiles
  errors: number
  firstError?: string
  /** CPU time of this process within the window, ms (user + system). */
  cpuMs: number
  /** CPU time of each of `watchPids` within the window, ms (null where unknown). */
  watchedCpuMs: (number | null)[]
  /** Requests that were still running when the drain time ran out. */
  aborted: number
}

/** Percentiles by nearest rank. */
export function percentiles(values: number[]): Percentiles {
  const sorted = Float64Array.from(values).sort()
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]
  if (sorted.length === 0)
    return { count: 0, p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, max: Number.NaN }
  return {
    count: sorted.length,
    p50: rank(0.5) as number,
    p90: rank(0.9) as number,
    p99: rank(0.99) as number,
    max: sorted[sorted.length - 1] as number,
  }
}

/** The request a client sends: same prompt, tokens and pace for both targets. */
function requestOf(options: LoadOptions): { url: string; body: string } {
  const messages = [{ role: 'user', content: `Write something. delay=${options.delayMs}` }]
  if (options.target === 'proxy') {
    return {
      url: `${options.baseUrl}/api/chat`,
      body: JSON.stringify({
        model: 'bench',
        messages,
        options: { num_predict: options.tokens },
        stream: options.stream,
      }),
    }
  }
  return {
    url: `${options.baseUrl}/v1/chat/completions`,
    body: JSON.stringify({
      model: 'bench',
      messages,
      max_tokens: options.tokens,
      stream: options.stream,
      // What the proxy asks for too.
      ...(options.stream && { stream_options: { include_usage: true } }),
    }),
  }
}

interface StreamCounter {
  /** The content chunks in `text` (which may end mid-line); sets `done` at the stream's end. */
  feed(text: string): number
  done: boolean
}

type NdjsonLine = { message?: { content?: string }; done?: boolean; error?: string }
type SseChunk = { choices?: { delta?: { content?: string } }[] }

/** Parses the proxy's NDJSON lines, counting those with content. */
function ndjsonCounter(): StreamCounter {
  let pending = ''
  const counter: StreamCounter = {
    done: false,
    feed(text) {
      pending += text
      let count = 0
      let start = 0
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
        const line = JSON.parse(pending.slice(start, end)) as NdjsonLine
        start = end + 1
        if (line.error) throw new Error(`error line: ${line.error}`)
        if (line.message?.content) count++
        if (line.done) counter.done = true
      }
      pending = pending.slice(start)
      return count
    },
  }
  return counter
}

/** Parses the upstream's server-sent events, counting those with content. */
function sseCounter(): StreamCounter {
  let pending = ''
  const counter: StreamCounter = {
    done: false,
    feed(text) {
      pending += text
      let count = 0
      let start = 0
      for (let end = pending.indexOf('\n\n'); end >= 0; end = pending.indexOf('\n\n', start)) {
        const data = pending.slice(start + 6, end)
        start = end + 2
        if (data === '[DONE]') counter.done = true
        else if ((JSON.parse(data) as SseChunk).choices?.[0]?.delta?.content) count++
      }
      pending = pending.slice(start)
      return count
    },
  }
  return counter
}

type CpuSnapshot = { self: NodeJS.CpuUsage; watched: (number | undefined)[] }

/** One load run: the counters, and the clients that feed them. */
class LoadRun {
  readonly #options: LoadOptions
  readonly #request: { url: string; body: string }
  readonly #windowStart: number
  readonly #windowEnd: number
  readonly #abort = new AbortController()
  readonly ttft: number[] = []
  readonly latency: number[] = []
  chunks = 0
  requests = 0
  errors = 0
  aborted = 0
  firstError: string | undefined

  constructor(options: LoadOptions) {
    this.#options = options
    this.#request = requestOf(options)
    this.#windowStart = performance.now() + options.warmupMs
    this.#windowEnd = this.#windowStart + options.durationMs
  }

  /** Runs every client to the end of the window (and drains); aborts what is left at `drainMs`. */
  async run(): Promise<void> {
    const { concurrency, durationMs, warmupMs, drainMs } = this.#options
    const drainTimer = setTimeout(
      () => this.#abort.abort(),
      warmupMs + durationMs + (drainMs ?? 30_000),
    )
    await Promise.all(Array.from({ length: concurrency }, (_, index) => this.#client(index)))
    clearTimeout(drainTimer)
  }

  #inWindow(time: number): boolean {
    return time >= this.#windowStart && time < this.#windowEnd
  }

  async #client(index: number): Promise<void> {
    const stagger = this.#options.staggerMs ?? 0
    if (stagger > 0) await Bun.sleep((stagger * index) / this.#options.concurrency)
    while (performance.now() < this.#windowEnd) {
      try {
        await this.#oneRequest()
      } catch (error) {
        if (this.#abort.signal.aborted) {
          this.aborted++
          return
        }
        this.errors++
        this.firstError ??= error instanceof Error ? error.message : String(error)
        await Bun.sleep(10)
      }
    }
  }

  async #oneRequest(): Promise<void> {
    const sentAt = performance.now()
    const { url, body } = this.#request
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      signal: this.#abort.signal,
    })
    if (response.status !== 200) {
      throw new Error(`status ${response.status}: ${(await response.text()).slice(0, 200)}`)
    }
    let firstAt: number | undefined
    if (this.#options.stream) firstAt = await this.#readStream(response)
    else JSON.parse(await response.text())
    const now = performance.now()
    if (this.#inWindow(now)) this.requests++
    if (sentAt < this.#windowStart) return
    this.latency.push(now - sentAt)
    if (firstAt !== undefined) this.ttft.push(firstAt - sentAt)
  }

  /** Reads a stream to its end, counting its content chunks; when the first one came. */
  async #readStream(response: Response): Promise<number | undefined> {
    const counter = this.#options.target === 'proxy' ? ndjsonCounter() : sseCounter()
    const decoder = new TextDecoder()
    let firstAt: number | undefined
    let received = 0
    for await (const bytes of response.body as ReadableStream<Uint8Array>) {
      const count = counter.feed(decoder.decode(bytes, { stream: true }))
      if (count === 0) continue
      const now = performance.now()
      firstAt ??= now
      received += count
      if (this.#inWindow(now)) this.chunks += count
    }
    if (!counter.done) throw new Error('the stream ended before it said it was done')
    if (received !== this.#options.tokens) {
      throw new Error(`${received} content chunks, not ${this.#options.tokens}`)
    }
    return firstAt
  }
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const pids = options.watchPids ?? []
  const snapshot = (): CpuSnapshot => ({ self: process.cpuUsage(), watched: pids.map(cpuTimeMs) })
  let atStart: CpuSnapshot | undefined
  let atEnd: CpuSnapshot | undefined
  const timers = [
    setTimeout(() => {
      atStart = snapshot()
    }, options.warmupMs),
    setTimeout(() => {
      atEnd = snapshot()
    }, options.warmupMs + options.durationMs),
  ]
  const run = new LoadRun(options)
  await run.run()
  for (const timer of timers) clearTimeout(timer)
  const end = atEnd ?? snapshot()
  const start = atStart ?? end
  const windowMs = options.durationMs
  return {
    target: options.target,
    concurrency: options.concurrency,
    stream: options.stream,
    windowMs,
    chunksPerSec: (run.chunks * 1000) / windowMs,
    requestsPerSec: (run.requests * 1000) / windowMs,
    chunks: run.chunks,
    requests: run.requests,
    ...(options.stream && { ttftMs: percentiles(run.ttft) }),
    latencyMs: percentiles(run.latency),
    errors: run.errors,
    firstError: run.firstError,
    cpuMs: (end.self.user - start.self.user + end.self.system - start.self.system) / 1000,
    watchedCpuMs: pids.map((_, index) => {
      const [before, after] = [start.watched[index], end.watched[index]]
      return before === undefined || after === undefined ? null : after - before
    }),
    aborted: run.aborted,
  }
}

if (import.meta.main) {
  const options = JSON.parse(process.argv[2] ?? '{}') as LoadOptions
  const result = await runLoad(options)
  process.stdout.write(`${JSON.stringify(result)}\n`)
}
