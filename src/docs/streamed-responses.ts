import { type DocumentDecoration, type TSchema, t } from 'elysia'
import {
  ChatResponse,
  ErrorResponse,
  GenerateResponse,
  ProgressResponse,
} from '../ollama/schemas.ts'

/** OpenAPI responses a route adds in `detail.responses` (merged by `completeDocument`). */
export type ExtraResponses = NonNullable<DocumentDecoration['responses']>

/**
 * A 200 that streams unless the request says `"stream": false`: the route's `response` schema
 * documents the single `application/json` body; this adds `application/x-ndjson`, where every line
 * is one `chunk` object (or, once the stream has begun, an `{"error": …}` line that ends it).
 *
 * Swagger UI shows a string example for a JSON-like media type as one quoted string, so the lines
 * are examples of their own, and the whole stream is a code block in the description.
 */
export function ndjsonStream(options: {
  description: string
  chunk: TSchema
  lines: readonly object[]
  error: string
}): ExtraResponses {
  const stream = options.lines.map((line) => JSON.stringify(line)).join('\n')
  return {
    200: {
      description: `${options.description}\n\n\`\`\`\n${stream}\n\`\`\``,
      content: {
        'application/x-ndjson': {
          schema: t.Union([options.chunk, ErrorResponse], {
            description: 'One line: a chunk, or `{"error": "…"}` ending the stream',
          }),
          // Named examples, as Swagger UI lists them in a drop-down.
          examples: {
            first: { summary: 'The first line', value: options.lines[0] },
            last: { summary: 'The last line', value: options.lines.at(-1) },
            error: {
              summary: 'An error line, ending a stream that failed midway',
              value: { error: options.error },
            },
          },
        },
      },
    },
  }
}

const at = (tenths: number) => `2025-07-07T20:22:19.${tenths}Z`

const STREAM_CUT = 'the upstream stream ended before the answer was complete'

export const chatStream = ndjsonStream({
  description: [
    'By default a stream, `application/x-ndjson`: one chat chunk per line, written as the upstream',
    'produces it (`message.content`, or `message.thinking` while the model thinks). The last line has',
    '`done: true`, `done_reason` and the token counts and durations. If the upstream fails after the',
    'stream began, the status stays 200 and the stream ends with an `{"error": "…"}` line instead.',
    'With `"stream": false`: one `application/json` object, the whole answer.',
  ].join(' '),
  chunk: ChatResponse,
  error: STREAM_CUT,
  lines: [
    {
      model: 'llama3.2',
      created_at: at(1),
      message: { role: 'assistant', content: 'The sky' },
      done: false,
    },
    {
      model: 'llama3.2',
      created_at: at(2),
      message: { role: 'assistant', content: ' is blue because…' },
      done: false,
    },
    {
      model: 'llama3.2',
      created_at: at(3),
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'stop',
      total_duration: 182242375,
      load_duration: 41295,
      prompt_eval_count: 12,
      prompt_eval_duration: 24573166,
      eval_count: 9,
      eval_duration: 115959084,
    },
  ],
})

export const generateStream = ndjsonStream({
  description: [
    'By default a stream, `application/x-ndjson`: one chunk of `response` (or `thinking`) per line.',
    'The last line has `done: true`, `done_reason` and the token counts and durations; a failure',
    'after the stream began ends it with an `{"error": "…"}` line (status 200).',
    'With `"stream": false`: one `application/json` object, the whole answer.',
  ].join(' '),
  chunk: GenerateResponse,
  error: STREAM_CUT,
  lines: [
    { model: 'llama3.2', created_at: at(1), response: 'The sky', done: false },
    { model: 'llama3.2', created_at: at(2), response: ' is blue because…', done: false },
    {
      model: 'llama3.2',
      created_at: at(3),
      response: '',
      done: true,
      done_reason: 'stop',
      total_duration: 170023125,
      prompt_eval_count: 9,
      eval_count: 42,
    },
  ],
})

export const pullStream = ndjsonStream({
  description: [
    'By default a stream, `application/x-ndjson`, of progress lines as Ollama writes them, ending',
    'with `{"status": "success"}`. Nothing is downloaded: the model already lives upstream.',
    'With `"stream": false`: the single `application/json` object `{"status": "success"}`.',
  ].join(' '),
  chunk: ProgressResponse,
  error:
    'the upstream cannot be reached: Unable to connect. Is the computer able to access the url?',
  lines: [
    { status: 'pulling manifest' },
    {
      status: 'pulling 1572d302a5d4',
      digest: 'sha256:1572d302a5d49a2a87105855ef79d24930327e40b5ca870695baf495473be240',
      total: 0,
      completed: 0,
    },
    { status: 'verifying sha256 digest' },
    { status: 'writing manifest' },
    { status: 'success' },
  ],
})

/** Server-sent events as OpenAI streams them: `data: {json}` events, then `data: [DONE]`. */
export function serverSentEvents(description: string, events: readonly object[]): ExtraResponses {
  return eventStream(
    description,
    [...events.map((event) => JSON.stringify(event)), '[DONE]']
      .map((data) => `data: ${data}\n\n`)
      .join(''),
  )
}

/** A 200 that is a `text/event-stream`, documented by the text of one whole example stream. */
export function eventStream(description: string, example: string): ExtraResponses {
  return {
    200: {
      description,
      content: {
        'text/event-stream': {
          schema: t.String({ description: 'Server-sent events, each followed by a blank line' }),
          example,
        },
      },
    },
  }
}
