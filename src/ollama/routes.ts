import { Elysia, t } from 'elysia'
import type { ModelAccess } from '../backends/model-router.ts'
import { chatStream, generateStream, pullStream } from '../docs/streamed-responses.ts'
import { OllamaError } from '../errors/ollama-error.ts'
import { parseJsonBody } from '../http/parse-json-body.ts'
import type { StreamResponder } from '../http/stream-response.ts'
import { toHttpReply } from '../http/to-http-reply.ts'
import type { EmbeddingService } from '../services/embedding-service.ts'
import type { GenerationService } from '../services/generation-service.ts'
import type { ModelService } from '../services/model-service.ts'
import { NdjsonStream } from '../services/ndjson-stream.ts'
import { ollamaBody } from './ollama-body.ts'
import {
  ChatRequest,
  ChatResponse,
  CopyRequest,
  EmbeddingsRequest,
  EmbeddingsResponse,
  EmbedRequest,
  EmbedResponse,
  ErrorResponse,
  GenerateRequest,
  GenerateResponse,
  ModelNameRequest,
  ProgressResponse,
  PsResponse,
  ShowRequest,
  ShowResponse,
  TagsResponse,
  VersionResponse,
} from './schemas.ts'

export interface OllamaApiServices {
  generation: GenerationService
  embedding: EmbeddingService
  models: ModelService
  /** The Ollama version reported by /api/version. */
  ollamaVersion: string
  respond: StreamResponder
  /** What the client of a request may use (its key's scope); undefined: everything. */
  accessOf: (request: Request) => ModelAccess | undefined
}

/** `ErrorResponse`, documented for one status: what it means there, and a typical message. */
const errorResponse = (description: string, message: string) =>
  t.Object(ErrorResponse.properties, { description, examples: [{ error: message }] })

/** What any route that asks the upstream can answer. */
const upstreamErrors = {
  429: errorResponse(
    'The upstream is rate-limiting this server; its Retry-After header is passed on',
    'Rate limit reached for gpt-4o-mini: please try again in 20s',
  ),
  502: errorResponse(
    "The upstream failed, refused this server's credentials, or cannot be reached",
    'the upstream cannot be reached: Unable to connect. Is the computer able to access the url?',
  ),
  504: errorResponse('The upstream did not answer in time', 'the upstream did not answer in time'),
}

/** What any route that takes a body naming a model can answer. */
const errors = {
  400: errorResponse(
    'The body is invalid: not JSON, a field of the wrong type, or no model',
    'messages must be a list of messages',
  ),
  404: errorResponse('The upstream offers no model by that name', "model 'llama3.2' not found"),
  ...upstreamErrors,
}

const notSupported = errorResponse(
  'Refused: models live upstream and cannot be changed through this server (unknown models get 404 first)',
  'push is not supported: models are served by the upstream (api.openai.com) and cannot be changed through this server',
)

const Digest = t.Object({
  digest: t.String({
    description: 'The blob digest',
    examples: ['sha256:29fdb92e57cf0827ded04ae6461b5931d01fa595843f55d36f5b275a52087dd2'],
  }),
})

/** The Ollama REST API. Validation and streaming live here; the work is done by the services. */
export function ollamaApi(services: OllamaApiServices) {
  const { generation, embedding, models, respond, accessOf } = services
  return (
    new Elysia({ name: 'ollama-api' })
      .head(
        '/api/blobs/:digest',
        ({ params }) => {
          throw new OllamaError(404, `blob "${params.digest}" not found`)
        },
        {
          params: Digest,
          response: {
            404: errorResponse(
              'Always: this server stores no blobs',
              'blob "sha256:29fdb92e57cf" not found',
            ),
          },
          detail: {
            tags: ['Models'],
            summary: 'Whether a blob exists: never, no blobs are stored',
            description:
              'Ollama clients ask this before uploading a model file. Models live upstream, so the answer is always 404.',
          },
        },
      )
      .post(
        '/api/blobs/:digest',
        () => {
          throw new OllamaError(
            501,
            'blob uploads are not supported: this server does not store models',
          )
        },
        {
          params: Digest,
          response: {
            501: errorResponse(
              'Always: this server does not store models',
              'blob uploads are not supported: this server does not store models',
            ),
          },
          detail: {
            tags: ['Models'],
            summary: 'Upload a blob: not supported, models live upstream',
          },
        },
      )
      // Every route after this point takes a JSON body, whatever its Content-Type.
      .onParse(({ request }) => parseJsonBody(request))
      .get(
        '/',
        () =>
          new Response('Ollama is running', {
            headers: { 'content-type': 'text/plain; charset=utf-8' },
          }),
        {
          response: {
            200: t.String({
              description: 'Always the same text, as Ollama answers',
              examples: ['Ollama is running'],
            }),
          },
          detail: {
            tags: ['Ollama'],
            summary: 'Liveness: "Ollama is running"',
            description:
              'What Ollama answers at its root; clients and scripts use it to see whether a server is up.',
          },
        },
      )
      .get('/api/version', () => ({ version: services.ollamaVersion }), {
        response: { 200: VersionResponse },
        detail: {
          tags: ['Ollama'],
          summary: 'The Ollama version this server speaks',
          description:
            'Clients check it before using newer features (GitHub Copilot requires at least 0.6.4). Set with OLLAMA_VERSION.',
        },
      })
      .get('/api/tags', ({ request }) => models.tags(accessOf(request)), {
        response: { 200: TagsResponse, ...upstreamErrors },
        detail: {
          tags: ['Models'],
          summary: 'List the models the upstream offers',
          description:
            "The upstream's GET /models, cached for MODELS_CACHE_TTL seconds, as Ollama lists models: names get a `:latest` tag and a digest derived from the id.",
        },
      })
      .get('/api/ps', ({ request }) => models.ps(accessOf(request)), {
        response: { 200: PsResponse, ...upstreamErrors },
        detail: {
          tags: ['Models'],
          summary: 'List the models used recently (within keep_alive)',
          description:
            'Nothing is loaded here, so a model counts as running until its keep_alive (5 minutes by default) has passed since it was last used.',
        },
      })
      .post('/api/show', ({ body, request }) => models.show(body, accessOf(request)), {
        ...ollamaBody(ShowRequest),
        response: { 200: ShowResponse, ...errors },
        detail: {
          tags: ['Models'],
          summary: 'Describe a model: details, model_info, capabilities',
          description:
            "Capabilities come from the upstream's model metadata where it has some (OpenRouter), else from well-known model names.",
        },
      })
      .post(
        '/api/chat',
        async ({ body, request }) =>
          toHttpReply(await generation.chat(body, request.signal, accessOf(request)), respond),
        {
          ...ollamaBody(ChatRequest),
          response: { 200: ChatResponse, ...errors },
          detail: {
            tags: ['Generate'],
            summary: 'Chat with a model (streams NDJSON unless stream is false)',
            description:
              "Sent to the upstream's /chat/completions. Supports tools, thinking, structured output (`format`), images and log probabilities.",
            responses: chatStream,
          },
        },
      )
      .post(
        '/api/generate',
        async ({ body, request }) =>
          toHttpReply(await generation.generate(body, request.signal, accessOf(request)), respond),
        {
          ...ollamaBody(GenerateRequest),
          response: { 200: GenerateResponse, ...errors },
          detail: {
            tags: ['Generate'],
            summary: 'Complete a prompt (streams NDJSON unless stream is false)',
            description:
              "Sent to the upstream's /chat/completions (system + prompt + images); with `suffix` (fill-in-the-middle) or `raw`, to /completions.",
            responses: generateStream,
          },
        },
      )
      .post(
        '/api/embed',
        ({ body, request }) => embedding.embed(body, request.signal, accessOf(request)),
        {
          ...ollamaBody(EmbedRequest),
          response: { 200: EmbedResponse, ...errors },
          detail: {
            tags: ['Embeddings'],
            summary: 'Embed one text or many (unit-length vectors)',
            description:
              "Sent to the upstream's /embeddings. Vectors are normalized to unit length; an empty input is answered without asking the upstream.",
          },
        },
      )
      .post(
        '/api/embeddings',
        ({ body, request }) => embedding.embeddings(body, request.signal, accessOf(request)),
        {
          ...ollamaBody(EmbeddingsRequest),
          response: { 200: EmbeddingsResponse, ...errors },
          detail: {
            tags: ['Embeddings'],
            summary: 'Embed one text (legacy endpoint)',
            description:
              'The vector as the upstream returns it, not normalized. Prefer /api/embed.',
          },
        },
      )
      .post(
        '/api/pull',
        async ({ body, request }) => {
          const progress = await models.pull(body, accessOf(request))
          return toHttpReply(
            body.stream === false ? { status: 'success' } : NdjsonStream.of(progress),
            respond,
          )
        },
        {
          ...ollamaBody(ModelNameRequest),
          response: { 200: ProgressResponse, ...errors },
          detail: {
            tags: ['Models'],
            summary: 'Pull a model: succeeds for models the upstream offers',
            description:
              'Nothing is downloaded: for a model the upstream offers, the answer is the progress a finished download would report; for any other, 404 saying why.',
            responses: pullStream,
          },
        },
      )
      .post(
        '/api/push',
        ({ body, request }) => models.refuse('push', body.model || body.name, accessOf(request)),
        {
          ...ollamaBody(ModelNameRequest),
          response: { 501: notSupported, ...errors },
          detail: {
            tags: ['Models'],
            summary: 'Push a model: not supported, models live upstream',
          },
        },
      )
      .post('/api/create', ({ body }) => models.refuse('create', body.model || body.name), {
        ...ollamaBody(ModelNameRequest),
        response: { 501: notSupported, 400: errors[400] },
        detail: {
          tags: ['Models'],
          summary: 'Create a model: not supported, models live upstream',
        },
      })
      .post(
        '/api/copy',
        ({ body, request }) => models.refuse('copy', body.source, accessOf(request)),
        {
          ...ollamaBody(CopyRequest),
          response: { 501: notSupported, ...errors },
          detail: {
            tags: ['Models'],
            summary: 'Copy a model: not supported, models live upstream',
          },
        },
      )
      .delete(
        '/api/delete',
        ({ body, request }) => models.refuse('delete', body.model || body.name, accessOf(request)),
        {
          ...ollamaBody(ModelNameRequest),
          response: { 501: notSupported, ...errors },
          detail: {
            tags: ['Models'],
            summary: 'Delete a model: not supported, models live upstream',
          },
        },
      )
  )
}
