import { Elysia } from 'elysia'
import type { ModelAccess } from '../backends/model-router.ts'
import { collectGeneration } from '../core/collect-generation.ts'
import { encodeStream } from '../core/encode-stream.ts'
import type { GenerationPipeline, GenerationRun } from '../core/generation-pipeline.ts'
import { randomId } from '../core/random-id.ts'
import { toOllamaError } from '../errors/to-ollama-error.ts'
import { parseJsonBody } from '../http/parse-json-body.ts'
import type { StreamResponder } from '../http/stream-response.ts'
import { AnthropicStreamEncoder } from './anthropic-stream-encoder.ts'
import { estimateInputTokens } from './estimate-input-tokens.ts'
import { explainUnknownModel } from './explain-unknown-model.ts'
import { fromAnthropicMessages } from './from-anthropic-messages.ts'
import { messagesStream } from './messages-stream.ts'
import {
  CountTokensRequest,
  CountTokensResponse,
  errorResponse,
  Message,
  MessagesRequest,
} from './schemas.ts'
import { toAnthropicMessage } from './to-anthropic-message.ts'

export interface AnthropicApiServices {
  pipeline: GenerationPipeline
  respond: StreamResponder
  /** How long a stream waits for its first output before its response starts (and pings flow). */
  keepAliveMs: number
  /** What the client of a request may use (its key's scope); undefined: everything. */
  accessOf: (request: Request) => ModelAccess | undefined
}

const invalidRequest = errorResponse(
  'The body is invalid: not JSON, a field of the wrong type, no model, max_tokens or messages',
  'invalid_request_error',
  'max_tokens is required and must be positive',
)

const errors = {
  400: invalidRequest,
  404: errorResponse(
    'No backend model by that name, nor an alias (the message says how to set one)',
    'not_found_error',
    "model 'claude-haiku-4-5' not found: coding agents ask for this name on their own; map it to one of your models with MODEL_ALIASES=claude-haiku-4-5=<model> or under aliases: in the config file; or tell Claude Code which models to use: ANTHROPIC_DEFAULT_OPUS_MODEL, ANTHROPIC_DEFAULT_SONNET_MODEL, ANTHROPIC_DEFAULT_HAIKU_MODEL and CLAUDE_CODE_SUBAGENT_MODEL",
  ),
  429: errorResponse(
    'The backend is rate-limiting this server; its Retry-After header is passed on',
    'rate_limit_error',
    'Rate limit reached for gpt-4o-mini: please try again in 20s',
  ),
  502: errorResponse(
    "The backend failed, refused this server's credentials, or cannot be reached",
    'api_error',
    'the upstream cannot be reached: Unable to connect. Is the computer able to access the url?',
  ),
  504: errorResponse(
    'The backend did not answer in time',
    'api_error',
    'the upstream did not answer in time',
  ),
}

/**
 * The Anthropic Messages API (Claude Code, the Anthropic SDKs), answered through the generation
 * pipeline. The query string (`?beta=true`) is ignored; credentials and `anthropic-*` headers are
 * not used. Errors are in Anthropic's shape (the app's error handler picks it by path).
 */
export function anthropicApi(services: AnthropicApiServices) {
  const { pipeline, respond } = services
  const start = async (body: MessagesRequest, client: Request) => {
    const request = { ...fromAnthropicMessages(body), access: services.accessOf(client) }
    const { signal } = client
    try {
      const firstOutputWaitMs = body.stream === true ? services.keepAliveMs : undefined
      return await pipeline.start(request, signal, firstOutputWaitMs)
    } catch (error) {
      throw explainUnknownModel(toOllamaError(error, { model: request.model }))
    }
  }
  const reply = (body: MessagesRequest, run: GenerationRun) => {
    const message = {
      id: randomId('msg_'),
      model: body.model,
      inputTokens: estimateInputTokens(body),
    }
    if (body.stream !== true) {
      return collectGeneration(run.batches).then((result) =>
        Response.json(toAnthropicMessage(result, message)),
      )
    }
    const encoder = new AnthropicStreamEncoder(message)
    return respond(encodeStream(run.batches, encoder), encoder)
  }
  return new Elysia({ name: 'anthropic-api' })
    .onParse(({ request }) => parseJsonBody(request))
    .post('/v1/messages', async ({ body, request }) => reply(body, await start(body, request)), {
      body: MessagesRequest,
      response: { 200: Message, ...errors },
      detail: {
        tags: ['Anthropic'],
        summary: 'Create a message, Anthropic Messages API (SSE when stream is true)',
        description:
          "For Claude Code and the Anthropic SDKs. Sent to the backend's /chat/completions: system, text, images (base64 or URL), tools and tool results, thinking, stop sequences. `?beta=true` works the same.",
        responses: messagesStream,
      },
    })
    .post(
      '/v1/messages/count_tokens',
      ({ body }) => ({ input_tokens: estimateInputTokens(body) }),
      {
        body: CountTokensRequest,
        response: { 200: CountTokensResponse, 400: invalidRequest },
        detail: {
          tags: ['Anthropic'],
          summary: 'Estimate the input tokens of a Messages request',
          description:
            "An estimate, not the backend's tokenizer (the backend is not asked): the characters of the system prompt, roles, text, thinking, tool calls and results, and tool definitions, divided by 4 and rounded up; images do not count. The same estimate is `message_start`'s input_tokens.",
        },
      },
    )
}
