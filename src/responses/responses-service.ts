import type { ModelAccess } from '../backends/model-router.ts'
import { collectGeneration } from '../core/collect-generation.ts'
import { encodeStream } from '../core/encode-stream.ts'
import type { GenerationPipeline } from '../core/generation-pipeline.ts'
import { randomId } from '../core/random-id.ts'
import { toOllamaError } from '../errors/to-ollama-error.ts'
import type { StreamResponder } from '../http/stream-response.ts'
import { fromResponsesRequest } from './from-responses-request.ts'
import { ResponsesStreamEncoder } from './responses-stream-encoder.ts'
import type { ResponsesRequest } from './schemas.ts'
import { toResponsesAnswer } from './to-responses-answer.ts'
import { toResponseEnvelope } from './to-responses-object.ts'

export interface ResponsesServiceOptions {
  pipeline: GenerationPipeline
  respond: StreamResponder
  /** How long a stream waits for its first output before its response starts (keep-alives flow). */
  keepAliveMs: number
}

const unixSeconds = () => Math.floor(Date.now() / 1000)

/**
 * `POST /v1/responses`: a Responses request through the generation pipeline, answered as one
 * response object or, with `stream: true`, as Responses server-sent events. Failures before the
 * stream begins are thrown (an HTTP error); after, they end the stream with `response.failed`.
 */
export class ResponsesService {
  readonly #options: ResponsesServiceOptions

  constructor(options: ResponsesServiceOptions) {
    this.#options = options
  }

  async create(
    request: ResponsesRequest,
    signal: AbortSignal,
    access?: ModelAccess,
  ): Promise<Response> {
    try {
      const { generation, toolNames: names } = fromResponsesRequest(request)
      const envelope = toResponseEnvelope(request, randomId('resp_'), unixSeconds())
      const streamed = request.stream === true
      const run = await this.#options.pipeline.start(
        { ...generation, access },
        signal,
        streamed ? this.#options.keepAliveMs : undefined,
      )
      if (!streamed) {
        const result = await collectGeneration(run.batches)
        return Response.json(
          toResponsesAnswer(envelope, result, names, {
            newId: randomId,
            completedAt: unixSeconds(),
          }),
        )
      }
      const encoder = new ResponsesStreamEncoder({ envelope, names })
      return this.#options.respond(encodeStream(run.batches, encoder), encoder.framing())
    } catch (error) {
      throw toOllamaError(error, { model: request.model })
    }
  }
}
