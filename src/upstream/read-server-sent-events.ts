import { APIError } from 'openai/core/error'
import { OllamaError } from '../errors/ollama-error.ts'

/**
 * The events of one network read; `last` when the stream ended in the same read (`[DONE]`, or the
 * end of the body), so that what follows the stream can go out with this batch's output.
 */
export interface EventBatch {
  events: unknown[]
  last: boolean
}

/** The largest event an upstream stream may send (an answer is at most as large: 64 MiB). */
export const maxEventLength = 64 * 2 ** 20

/** The failure of a stream whose event outgrows `maxEventLength` (or that never ends one). */
export function eventTooLarge(): OllamaError {
  return new OllamaError(
    502,
    `the upstream sent an event larger than ${maxEventLength / 2 ** 20} MiB, or no event boundaries`,
    { kind: 'upstream_invalid' },
  )
}

/**
 * The JSON events of an OpenAI-style server-sent-event stream, in batches: every event that
 * arrived in one network read comes out together, so a fast upstream costs one pass of the
 * pipeline per read rather than per token. Comments (`: OPENROUTER PROCESSING`), `id:`/`retry:`
 * fields and blank lines are skipped; CRLF is tolerated; multi-line `data:` is joined; `[DONE]`
 * ends the stream. An error event (`event: error`, or data with an `error` key) is thrown as the
 * OpenAI SDK does, as an `APIError` without status, after the events before it.
 */
export async function* readServerSentEvents(
  body: AsyncIterable<Uint8Array>,
  headers?: Headers,
): AsyncGenerator<EventBatch> {
  const decoder = new TextDecoder()
  const streaming = { stream: true }
  let pending = ''
  for await (const bytes of body) {
    pending += decoder.decode(bytes, streaming)
    if (pending.includes('\r')) pending = toLineFeeds(pending)
    const end = pending.lastIndexOf('\n\n')
    if (end < 0) {
      if (pending.length > maxEventLength) throw eventTooLarge()
      continue
    }
    const { events, done, failure } = parseEvents(pending, end, headers)
    pending = pending.slice(end + 2)
    if (events.length > 0 || (done && !failure)) yield { events, last: done && !failure }
    if (failure) throw failure
    if (done) return
  }
  const rest = toLineFeeds(pending + decoder.decode()).replace(/\r$/, '\n')
  const { events, failure } = parseEvents(rest, rest.length, headers)
  if (events.length > 0 || !failure) yield { events, last: !failure }
  if (failure) throw failure
}

interface ParsedEvents {
  events: unknown[]
  /** `[DONE]` was seen. */
  done: boolean
  /** An error event, thrown once the events before it are passed on. */
  failure?: Error
}

/** CRLF and CR as LF; a CR at the very end waits, since its LF may come with the next read. */
function toLineFeeds(text: string): string {
  const trailingCr = text.endsWith('\r')
  const converted = (trailingCr ? text.slice(0, -1) : text).replace(/\r\n?/g, '\n')
  return trailingCr ? `${converted}\r` : converted
}

/** The events of the blocks (separated by blank lines) in the first `limit` characters of `text`. */
function parseEvents(text: string, limit: number, headers: Headers | undefined): ParsedEvents {
  const events: unknown[] = []
  for (let start = 0; start <= limit; ) {
    const found = text.indexOf('\n\n', start)
    const end = found < 0 || found > limit ? limit : found
    const { name, data } = parseBlock(text, start, end)
    start = end + 2
    if (data === undefined) continue
    if (data === '[DONE]') return { events, done: true }
    let event: unknown
    try {
      event = JSON.parse(data)
    } catch {
      const failure = new OllamaError(
        502,
        `the upstream sent an invalid stream event: ${data.slice(0, 200)}`,
      )
      return { events, done: false, failure }
    }
    const error = errorOf(event) ?? (name === 'error' ? (event as object) : undefined)
    if (error)
      return { events, done: false, failure: new APIError(undefined, error, undefined, headers) }
    events.push(event)
  }
  return { events, done: false }
}

const noEvent: { name?: string; data?: string } = {}

/**
 * The event name and data of the block `text[start, end)`; the common one-line `data: …` is a fast
 * path that does not split the block into lines.
 */
function parseBlock(text: string, start: number, end: number): { name?: string; data?: string } {
  if (start >= end) return noEvent
  if (text.startsWith('data: ', start)) {
    const newline = text.indexOf('\n', start)
    if (newline < 0 || newline >= end) return { data: text.slice(start + 6, end) }
  }
  return parseLines(text.slice(start, end))
}

/** A block line by line: `event:` and `data:` fields (data lines joined), the rest skipped. */
function parseLines(block: string): { name?: string; data?: string } {
  let name: string | undefined
  let data: string | undefined
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    const value = colon < 0 ? '' : line.slice(line[colon + 1] === ' ' ? colon + 2 : colon + 1)
    if (field === 'data') data = data === undefined ? value : `${data}\n${value}`
    else if (field === 'event') name = value
  }
  return { name, data }
}

function errorOf(event: unknown): object | undefined {
  if (event === null || typeof event !== 'object' || !('error' in event)) return undefined
  const { error } = event
  return error ? (error as object) : undefined
}
