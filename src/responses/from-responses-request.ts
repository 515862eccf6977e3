import type { ChatGenerationRequest, Sampling } from '../core/generation-request.ts'
import { OllamaError } from '../errors/ollama-error.ts'
import { fromResponsesInput } from './from-responses-input.ts'
import { fromResponsesTools } from './from-responses-tools.ts'
import { mapReasoningEffort } from './map-reasoning-effort.ts'
import type { ResponsesRequest, TextFormat } from './schemas.ts'
import type { ToolNames } from './tool-names.ts'

/** A Responses request as a neutral generation, and the tool names its calls map back with. */
export interface ResponsesGeneration {
  generation: ChatGenerationRequest
  toolNames: ToolNames
}

const stateless = 'this server stores nothing; send the whole conversation in input'

/**
 * A Responses request as a chat generation (throws 400 on what cannot be served). This server is
 * stateless: what needs stored responses, conversations or prompts is refused, never ignored.
 */
export function fromResponsesRequest(request: ResponsesRequest): ResponsesGeneration {
  refuseStatefulFields(request)
  const messages = fromResponsesInput(request.input)
  if (messages.length === 0) throw OllamaError.badRequest(`input is required: ${stateless}`)
  if (request.instructions) messages.unshift({ role: 'system', content: request.instructions })
  const { tools, toolChoice, names } = fromResponsesTools(request.tools, request.tool_choice)
  const generation: ChatGenerationRequest = {
    kind: 'chat',
    model: request.model,
    messages,
    sampling: toSampling(request),
  }
  if (tools.length > 0) generation.tools = tools
  if (toolChoice !== undefined) generation.toolChoice = toolChoice
  if (typeof request.parallel_tool_calls === 'boolean') {
    generation.parallelToolCalls = request.parallel_tool_calls
  }
  const think = mapReasoningEffort(request.reasoning?.effort)
  if (think !== undefined) generation.think = think
  const responseFormat = toResponseFormat(request.text?.format)
  if (responseFormat) generation.responseFormat = responseFormat
  return { generation, toolNames: names }
}

function refuseStatefulFields(request: ResponsesRequest): void {
  if (request.previous_response_id) {
    throw OllamaError.badRequest(`previous_response_id is not supported: ${stateless}`)
  }
  if (request.conversation !== undefined && request.conversation !== null) {
    throw OllamaError.badRequest(`conversation is not supported: ${stateless}`)
  }
  if (request.prompt !== undefined && request.prompt !== null) {
    throw OllamaError.badRequest(`prompt is not supported: ${stateless}`)
  }
  if (request.background === true) {
    throw OllamaError.badRequest(`background is not supported: ${stateless}`)
  }
}

function toSampling(request: ResponsesRequest): Sampling {
  const sampling: Sampling = {}
  if (typeof request.temperature === 'number') sampling.temperature = request.temperature
  if (typeof request.top_p === 'number') sampling.topP = request.top_p
  if (typeof request.max_output_tokens === 'number') sampling.maxTokens = request.max_output_tokens
  return sampling
}

function toResponseFormat(
  format: TextFormat | null | undefined,
): ChatGenerationRequest['responseFormat'] {
  if (!format || format.type === 'text') return undefined
  if (format.type === 'json_object') return { type: 'json_object' }
  if (format.type !== 'json_schema') {
    throw OllamaError.badRequest(
      `invalid text.format.type "${format.type}": expected text, json_object or json_schema`,
    )
  }
  if (!format.schema) throw OllamaError.badRequest('text.format: json_schema needs a schema')
  return {
    type: 'json_schema',
    json_schema: {
      name: format.name || 'response',
      schema: format.schema,
      ...(typeof format.strict === 'boolean' && { strict: format.strict }),
      ...(format.description && { description: format.description }),
    },
  }
}
