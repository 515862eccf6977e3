import { Elysia, t } from 'elysia'
import { OllamaError } from '../errors/ollama-error.ts'
import { parseJsonBody } from '../http/parse-json-body.ts'
import { toHttpReply } from '../http/to-http-reply.ts'
import type { EmbeddingService } from '../services/embedding-service.ts'
import type { GenerationService } from '../services/generation-service.ts'
import type { ModelService } from '../services/model-service.ts'
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
}

const errors = { 400: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse, 502: ErrorResponse }

/** The Ollama REST API. Validation and streaming live here; the work is done by the services. */
export function ollamaApi(services: OllamaApiServices) {
  const { generation, embedding, models } = services
  return (
    new Elysia({ name: 'ollama-api' })
      .head(
        '/api/blobs/:digest',
        ({ params }) => {
          throw new OllamaError(404, `blob "${params.digest}" not found`)
        },
        {
          params: t.Object({ digest: t.String() }),
          detail: {
            tags: ['Models'],
            summary: 'Whether a blob exists: never, no blobs are stored',
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
          params: t.Object({ digest: t.String() }),
          response: { 501: ErrorResponse },
          detail: { tags: ['Models'], summary: 'Not supported: models live upstream' },
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
          detail: { tags: ['Ollama'], summary: 'Liveness: "Ollama is running"' },
        },
      )
      .get('/api/version', () => ({ version: services.ollamaVersion }), {
        response: { 200: VersionResponse },
        detail: { tags: ['Ollama'], summary: 'The Ollama version this server speaks' },
      })
      .get('/api/tags', () => models.tags(), {
        response: { 200: TagsResponse, ...errors },
        detail: { tags: ['Models'], summary: 'List the models the upstream offers' },
      })
      .get('/api/ps', () => models.ps(), {
        response: { 200: PsResponse, ...errors },
        detail: { tags: ['Models'], summary: 'List the models used recently (within keep_alive)' },
      })
      .post('/api/show', ({ body }) => models.show(body), {
        body: ShowRequest,
        response: { 200: ShowResponse, ...errors },
        detail: {
          tags: ['Models'],
          summary: 'Describe a model: details, model_info, capabilities',
        },
      })
      .post(
        '/api/chat',
        async ({ body, request }) => toHttpReply(await generation.chat(body, request.signal)),
        {
          body: ChatRequest,
          response: { 200: ChatResponse, ...errors },
          detail: {
            tags: ['Generate'],
            summary: 'Chat with a model (streams NDJSON unless stream is false)',
          },
        },
      )
      .post(
        '/api/generate',
        async ({ body, request }) => toHttpReply(await generation.generate(body, request.signal)),
        {
          body: GenerateRequest,
          response: { 200: GenerateResponse, ...errors },
          detail: {
            tags: ['Generate'],
            summary: 'Complete a prompt (streams NDJSON unless stream is false)',
          },
        },
      )
      .post('/api/embed', ({ body, request }) => embedding.embed(body, request.signal), {
        body: EmbedRequest,
        response: { 200: EmbedResponse, ...errors },
        detail: { tags: ['Embeddings'], summary: 'Embed one text or many (unit-length vectors)' },
      })
      .post('/api/embeddings', ({ body, request }) => embedding.embeddings(body, request.signal), {
        body: EmbeddingsRequest,
        response: { 200: EmbeddingsResponse, ...errors },
        detail: { tags: ['Embeddings'], summary: 'Embed one text (legacy endpoint)' },
      })
      .post(
        '/api/pull',
        async ({ body }) => {
          const progress = await models.pull(body)
          return toHttpReply(body.stream === false ? { status: 'success' } : iterate(progress))
        },
        {
          body: ModelNameRequest,
          response: { 200: ProgressResponse, ...errors },
          detail: {
            tags: ['Models'],
            summary: 'Pull a model: succeeds for models the upstream offers',
          },
        },
      )
      .post('/api/push', ({ body }) => models.refuse('push', body.model || body.name), {
        body: ModelNameRequest,
        response: { 501: ErrorResponse, ...errors },
        detail: { tags: ['Models'], summary: 'Not supported: models live upstream' },
      })
      .post('/api/create', ({ body }) => models.refuse('create', body.model || body.name), {
        body: ModelNameRequest,
        response: { 501: ErrorResponse, ...errors },
        detail: { tags: ['Models'], summary: 'Not supported: models live upstream' },
      })
      .post('/api/copy', ({ body }) => models.refuse('copy', body.source), {
        body: CopyRequest,
        response: { 501: ErrorResponse, ...errors },
        detail: { tags: ['Models'], summary: 'Not supported: models live upstream' },
      })
      .delete('/api/delete', ({ body }) => models.refuse('delete', body.model || body.name), {
        body: ModelNameRequest,
        response: { 501: ErrorResponse, ...errors },
        detail: { tags: ['Models'], summary: 'Not supported: models live upstream' },
      })
  )
}

async function* iterate<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items
}
