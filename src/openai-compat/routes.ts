import { Elysia, t } from 'elysia'
import { toOllamaError } from '../errors/to-ollama-error.ts'
import { parseJsonBody } from '../http/parse-json-body.ts'
import type { ModelCatalog } from '../services/model-catalog.ts'
import type { Upstream, UpstreamModel } from '../upstream/upstream.ts'

export interface OpenAIApiServices {
  upstream: Upstream
  catalog: ModelCatalog
  /** `created` reported for models the backend gives no date for (unix seconds). */
  startedAt: number
}

/** Any OpenAI request body: only `model` is looked at; the rest is forwarded untouched. */
const OpenAIBody = t.Object(
  { model: t.String({ description: 'A model id, as /v1/models or /api/tags lists it' }) },
  { additionalProperties: true },
)
type OpenAIBody = typeof OpenAIBody.static

/**
 * OpenAI's own API on the same port, as Ollama serves it (GitHub Copilot's Ollama provider chats
 * through it): model names are resolved like Ollama names, then the request goes to the upstream
 * as is, and its response comes back as is, streamed.
 */
export function openAIApi(services: OpenAIApiServices) {
  const { upstream, catalog } = services
  const toOpenAIModel = (model: UpstreamModel) => ({
    id: model.id,
    object: 'model' as const,
    created: model.created ?? services.startedAt,
    owned_by: model.owned_by ?? 'upstream',
  })
  const forwardTo =
    (path: string) =>
    async ({ body, request }: { body: OpenAIBody; request: Request }) => {
      const model = await catalog.resolve(body.model)
      try {
        const response = await upstream.forward(path, { ...body, model: model.id }, request.signal)
        return new Response(response.body, {
          status: response.status,
          headers: { 'content-type': response.headers.get('content-type') ?? 'application/json' },
        })
      } catch (error) {
        throw toOllamaError(error, { model: body.model })
      }
    }
  const forwarded = (summary: string) => ({
    body: OpenAIBody,
    detail: { tags: ['OpenAI'], summary },
  })
  return new Elysia({ name: 'openai-api' })
    .onParse(({ request }) => parseJsonBody(request))
    .get(
      '/v1/models',
      async () => ({ object: 'list', data: (await catalog.list()).map(toOpenAIModel) }),
      {
        detail: { tags: ['OpenAI'], summary: 'List models (OpenAI format)' },
      },
    )
    .get(
      '/v1/models/:model',
      async ({ params }) => toOpenAIModel(await catalog.resolve(params.model)),
      {
        params: t.Object({ model: t.String() }),
        detail: { tags: ['OpenAI'], summary: 'Describe one model (OpenAI format)' },
      },
    )
    .post(
      '/v1/chat/completions',
      forwardTo('/chat/completions'),
      forwarded('Chat completions, OpenAI format (SSE when stream is true)'),
    )
    .post(
      '/v1/completions',
      forwardTo('/completions'),
      forwarded('Text completions, OpenAI format'),
    )
    .post('/v1/embeddings', forwardTo('/embeddings'), forwarded('Embeddings, OpenAI format'))
}
