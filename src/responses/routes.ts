import { Elysia } from 'elysia'
import type { ModelAccess } from '../backends/model-router.ts'
import { parseJsonBody } from '../http/parse-json-body.ts'
import { notFound, OpenAIError, upstreamErrors } from '../openai-compat/routes.ts'
import type { ResponsesService } from './responses-service.ts'
import { ResponseObject, ResponsesRequest } from './schemas.ts'
import { responsesStream } from './stream-docs.ts'

const invalid = OpenAIError(
  'The body is invalid: not JSON, a field of the wrong type, an unsupported input item, or a stateful field (previous_response_id, conversation)',
  'previous_response_id is not supported: this server stores nothing; send the whole conversation in input',
  'invalid_request_error',
)

/** The OpenAI Responses API, stateless, answered through the generation pipeline. */
export function responsesApi(services: {
  responses: ResponsesService
  /** What the client of a request may use (its key's scope); undefined: everything. */
  accessOf: (request: Request) => ModelAccess | undefined
}) {
  const { responses, accessOf } = services
  return new Elysia({ name: 'responses-api' })
    .onParse(({ request }) => parseJsonBody(request))
    .post(
      '/v1/responses',
      ({ body, request }) => responses.create(body, request.signal, accessOf(request)),
      {
        body: ResponsesRequest,
        response: {
          200: ResponseObject,
          400: invalid,
          404: notFound,
          413: OpenAIError(
            'The body is larger than allowed once decompressed',
            'request body too large: more than 20971520 bytes once decompressed',
            'invalid_request_error',
          ),
          415: OpenAIError(
            'The body is compressed in an encoding this server does not read',
            'unsupported Content-Encoding "compress": send gzip, deflate, br, zstd or an uncompressed body',
            'invalid_request_error',
          ),
          ...upstreamErrors,
        },
        detail: {
          tags: ['OpenAI'],
          summary: 'Create a model response, OpenAI Responses API (SSE when stream is true)',
          description:
            "Stateless (store is always false; previous_response_id and conversation are refused): the input holds the whole conversation. Sent to the upstream's /chat/completions. Function, custom and namespace tools, reasoning summaries, json_schema output. Bodies may be compressed (Content-Encoding zstd, gzip, deflate, br), as Codex sends them.",
          responses: responsesStream,
        },
      },
    )
}
