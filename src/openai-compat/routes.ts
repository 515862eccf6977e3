import { Elysia, t } from 'elysia'
import type { FallbackChain } from '../backends/fallback-chain.ts'
import type { ModelAccess, ModelRoute, ModelRouter } from '../backends/model-router.ts'
import { type ExtraResponses, serverSentEvents } from '../docs/streamed-responses.ts'
import { toOllamaError } from '../errors/to-ollama-error.ts'
import { toErrorBody } from '../http/error-body.ts'
import { parseJsonBody } from '../http/parse-json-body.ts'
import type { StreamFraming, StreamResponder } from '../http/stream-response.ts'
import { type OpenAIEndpoint, toOpenAIWireBody } from '../translate/to-openai-wire-body.ts'
import { maxAnswerBytes } from '../upstream/openai-upstream.ts'
import { eventTooLarge, maxEventLength } from '../upstream/read-server-sent-events.ts'
import { readWholeBody } from '../upstream/read-whole-body.ts'

export interface OpenAIApiServices {
  router: ModelRouter
  respond: StreamResponder
  /** Tries a request's routes in order (fallbacks, circuit breakers). */
  chain: FallbackChain
  /** What the client of a request may use (its key's scope); undefined: everything. */
  accessOf: (request: Request) => ModelAccess | undefined
  /** `created` reported for models the backend gives no date for (unix seconds). */
  startedAt: number
}

/** Any OpenAI request body: only `model` is looked at; the rest is forwarded (see toOpenAIWireBody). */
const OpenAIBody = t.Object(
  {
    model: t.String({
      description: 'A model id, as /v1/models or /api/tags lists it',
      examples: ['gpt-4o-mini'],
    }),
  },
  {
    additionalProperties: true,
    description:
      "The OpenAI request; everything but `model` goes to the upstream as is, except that a strict upstream gets only the fields of OpenAI's schema",
  },
)
type OpenAIBody = typeof OpenAIBody.static

/** OpenAI's error object, as this server writes it (and as OpenAI-compatible upstreams do). */
export const OpenAIError = (description: string, message: string, type: string) =>
  t.Object(
    {
      error: t.Object({
        message: t.String({ description: 'What went wrong, in words' }),
        type: t.String({
          description: 'invalid_request_error, not_found_error, rate_limit_error or api_error',
        }),
        param: t.Union([t.String(), t.Null()]),
        code: t.Union([t.String(), t.Null()]),
      }),
    },
    { description, examples: [{ error: { message, type, param: null, code: null } }] },
  )

export const notFound = OpenAIError(
  'The upstream offers no model by that name',
  "model 'gpt-5-nano' not found",
  'not_found_error',
)
export const upstreamErrors = {
  429: OpenAIError(
    'The upstream is rate-limiting this server; its Retry-After header is passed on',
    'Rate limit reached for gpt-4o-mini: please try again in 20s',
    'rate_limit_error',
  ),
  502: OpenAIError(
    "The upstream failed, refused this server's credentials, or cannot be reached",
    'the upstream cannot be reached: Unable to connect. Is the computer able to access the url?',
    'api_error',
  ),
  504: OpenAIError(
    'The upstream did not answer in time',
    'the upstream did not answer in time',
    'api_error',
  ),
}
const forwardErrors = {
  400: OpenAIError(
    "The body is not JSON or has no model; or the upstream's own 4xx, passed through as is",
    'model is required',
    'invalid_request_error',
  ),
  404: notFound,
  ...upstreamErrors,
}

const OpenAIModel = t.Object(
  {
    id: t.String({ description: "The upstream's model id", examples: ['gpt-4o-mini'] }),
    object: t.Literal('model'),
    created: t.Number({
      description: 'Unix seconds: when the upstream created it, else when this server started',
      examples: [1721172741],
    }),
    owned_by: t.String({ examples: ['openai'] }),
  },
  { description: 'A model, in OpenAI format' },
)

const OpenAIModelList = t.Object(
  {
    object: t.String({ description: 'Always list', examples: ['list'] }),
    data: t.Array(OpenAIModel),
  },
  {
    description: 'The models the upstream offers, in OpenAI format',
    examples: [
      {
        object: 'list',
        data: [{ id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'openai' }],
      },
    ],
  },
)

/** The upstream's answer, passed through unchanged (status, body, and streaming). */
const passedThrough = (example: object) =>
  t.Object(
    {},
    {
      additionalProperties: true,
      description: "The upstream's response, unchanged",
      examples: [example],
    },
  )

const chatCompletion = {
  id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
  object: 'chat.completion',
  created: 1741570283,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'The sky is blue because…' },
      finish_reason: 'stop',
      logprobs: null,
    },
  ],
  usage: { prompt_tokens: 13, completion_tokens: 42, total_tokens: 55 },
}

const chunk = (delta: object, finish_reason: string | null) => ({
  id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
  object: 'chat.completion.chunk',
  created: 1741570283,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, delta, finish_reason }],
})

const chatCompletionStream: ExtraResponses = serverSentEvents(
  'One JSON object with `"stream": false` (the default); with `"stream": true`, `text/event-stream`: `chat.completion.chunk` events, then `data: [DONE]`. Whatever the upstream sends, passed through as it arrives.',
  [
    chunk({ role: 'assistant', content: '' }, null),
    chunk({ content: 'The sky is blue because…' }, null),
    chunk({}, 'stop'),
  ],
)

const completion = {
  id: 'cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7',
  object: 'text_completion',
  created: 1741570283,
  model: 'gpt-3.5-turbo-instruct',
  choices: [{ index: 0, text: ' blue, because…', finish_reason: 'stop', logprobs: null }],
  usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
}

const completionStream: ExtraResponses = serverSentEvents(
  'One JSON object with `"stream": false` (the default); with `"stream": true`, `text/event-stream`: `text_completion` events, then `data: [DONE]`, passed through as they arrive.',
  [
    {
      ...completion,
      choices: [{ index: 0, text: ' blue,', finish_reason: null }],
      usage: undefined,
    },
    {
      ...completion,
      choices: [{ index: 0, text: ' because…', finish_reason: 'stop' }],
      usage: undefined,
    },
  ],
)

const embeddingList = {
  object: 'list',
  data: [{ object: 'embedding', index: 0, embedding: [0.0023064255, -0.009327292, -0.0028842222] }],
  model: 'text-embedding-3-small',
  usage: { prompt_tokens: 8, total_tokens: 8 },
}

/**
 * OpenAI's own API on the same port, as Ollama serves it (GitHub Copilot's Ollama provider chats
 * through it): model names are resolved like Ollama names, then the request goes to the upstream
 * (a strict one gets only OpenAI's fields, as Ollama ignores the others), and its response comes
 * back as is, streamed.
 */
export function openAIApi(services: OpenAIApiServices) {
  const { router, chain } = services
  const toOpenAIModel = ({ name, model }: ModelRoute) => ({
    id: name,
    object: 'model' as const,
    created: model.created ?? services.startedAt,
    owned_by: model.owned_by ?? 'upstream',
  })
  /** `fallback`: whether another route may answer (not for embeddings: other vectors). */
  const forwardTo =
    (path: string, endpoint: OpenAIEndpoint, fallback = true) =>
    async ({ body, request }: { body: OpenAIBody; request: Request }) => {
      const routes = await router.resolve(body.model, services.accessOf(request))
      try {
        const answer = await chain.run(
          fallback ? routes : routes.slice(0, 1),
          request.signal,
          (route) =>
            route.backend.upstream.forward(
              path,
              // A strict backend gets only OpenAI's fields, as Ollama ignores the others.
              toOpenAIWireBody(
                endpoint,
                { ...body, model: route.model.id },
                route.backend.profile.dialect,
              ),
              request.signal,
            ),
        )
        if (answer.contentType.startsWith('text/event-stream')) {
          const { text, framing } = passedThroughEvents(answer.body)
          return services.respond(text, framing)
        }
        // Read whole first, so that an answer that breaks off is a proper HTTP error.
        return new Response(await readWholeBody(answer.body, maxAnswerBytes), {
          status: answer.status,
          headers: { 'content-type': answer.contentType },
        })
      } catch (error) {
        throw toOllamaError(error, { model: body.model })
      }
    }
  const forwarded = (
    summary: string,
    description: string,
    example: object,
    responses: ExtraResponses = {},
  ) => ({
    body: OpenAIBody,
    response: { 200: passedThrough(example), ...forwardErrors },
    detail: { tags: ['OpenAI'], summary, description, responses },
  })
  return new Elysia({ name: 'openai-api' })
    .onParse(({ request }) => parseJsonBody(request))
    .get(
      '/v1/models',
      async ({ request }) => ({
        object: 'list',
        data: (await router.list(services.accessOf(request))).map(toOpenAIModel),
      }),
      {
        response: { 200: OpenAIModelList, ...upstreamErrors },
        detail: {
          tags: ['OpenAI'],
          summary: 'List models (OpenAI format)',
          description: 'The models the upstream offers, from the same cache as /api/tags.',
        },
      },
    )
    .get(
      '/v1/models/:model',
      async ({ params, request }) =>
        toOpenAIModel(
          (await router.resolve(params.model, services.accessOf(request)))[0] as ModelRoute,
        ),
      {
        params: t.Object({
          model: t.String({
            description: 'A model id or Ollama name (`gpt-4o-mini`, `gpt-4o-mini:latest`)',
            examples: ['gpt-4o-mini'],
          }),
        }),
        response: { 200: OpenAIModel, 404: notFound, ...upstreamErrors },
        detail: { tags: ['OpenAI'], summary: 'Describe one model (OpenAI format)' },
      },
    )
    .post(
      '/v1/chat/completions',
      forwardTo('/chat/completions', 'chat'),
      forwarded(
        'Chat completions, OpenAI format (SSE when stream is true)',
        "The upstream's /chat/completions, with the model name resolved like Ollama's.",
        chatCompletion,
        chatCompletionStream,
      ),
    )
    .post(
      '/v1/completions',
      forwardTo('/completions', 'completions'),
      forwarded(
        'Text completions, OpenAI format (SSE when stream is true)',
        "The upstream's /completions, with the model name resolved like Ollama's.",
        completion,
        completionStream,
      ),
    )
    .post(
      '/v1/embeddings',
      forwardTo('/embeddings', 'embeddings', false),
      forwarded(
        'Embeddings, OpenAI format',
        "The upstream's /embeddings, with the model name resolved like Ollama's.",
        embeddingList,
      ),
    )
}

/**
 * An upstream event stream passed through whole events at a time (the tail of an event still
 * coming waits for its end), so that what the proxy adds always falls between two events: a
 * failure is an OpenAI error event (the SDKs throw it as an APIError), a silence a keep-alive
 * comment. A stream cut mid-event loses only that partial event.
 */
function passedThroughEvents(body: AsyncIterable<Uint8Array>) {
  const framing: StreamFraming = {
    contentType: 'text/event-stream',
    failure: (error) => `data: ${JSON.stringify(toErrorBody(error, 'openai'))}\n\n`,
    keepAlive: () => ': keep-alive\n\n',
  }
  return { text: wholeEvents(body), framing }
}

/** The bytes of a stream cut after whole events; the last partial event waits for its end. */
async function* wholeEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let tail: Uint8Array = new Uint8Array(0)
  for await (const read of body) {
    const bytes = tail.length > 0 ? Buffer.concat([tail, read]) : read
    const end = endOfLastEvent(bytes)
    tail = bytes.subarray(end)
    if (tail.length > maxEventLength) throw eventTooLarge()
    if (end > 0) yield bytes.subarray(0, end)
  }
  if (tail.length > 0) yield tail
}

/** Where the last whole event in `bytes` ends (after its blank line, LF or CRLF); 0 for none. */
function endOfLastEvent(bytes: Uint8Array): number {
  for (let index = bytes.length - 1; index > 0; index--) {
    if (bytes[index] !== 10) continue
    if (bytes[index - 1] === 10) return index + 1
    if (bytes[index - 1] === 13 && bytes[index - 2] === 10) return index + 1
  }
  return 0
}
