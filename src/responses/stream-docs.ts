import { type ExtraResponses, eventStream } from '../docs/streamed-responses.ts'
import { ResponsesStreamEncoder } from './responses-stream-encoder.ts'
import { toResponseEnvelope } from './to-responses-object.ts'
import { ToolNames } from './tool-names.ts'

const description = [
  'With `"stream": true`, `text/event-stream`; each event is `event: <type>` and `data: {json}`',
  'with that `type` and a `sequence_number` counting from 0 (no `[DONE]`):',
  '',
  '- `response.created`, `response.in_progress`: the response object, `status: "in_progress"`;',
  '- per output item, one after the other: `response.output_item.added`, its events, then',
  '  `response.output_item.done` with the whole item. A `reasoning` item:',
  '  `response.reasoning_summary_part.added`, `response.reasoning_summary_text.delta`…,',
  '  `response.reasoning_summary_text.done`, `response.reasoning_summary_part.done`. A `message`:',
  '  `response.content_part.added`, `response.output_text.delta`…, `response.output_text.done`,',
  '  `response.content_part.done`. A `function_call`: `response.function_call_arguments.delta`…,',
  '  `response.function_call_arguments.done`. A `custom_tool_call`: `response.custom_tool_call_input.done`;',
  '- last, exactly one of `response.completed`, `response.incomplete` (`incomplete_details.reason`:',
  '  `max_output_tokens` or `content_filter`) and `response.failed` (`error`, and the items finished',
  '  before the failure), with the whole response and its `usage`.',
  '',
  'While the backend is silent: `response.in_progress` again before the first item, an SSE comment',
  '(`: keep-alive`) after it. Without `stream`, one `application/json` response object.',
].join('\n')

/** A stream as this server writes it, made by the encoder itself. */
function exampleStream(): string {
  const ids = ['rs_68a3b0f1c2d4e5f6a7b8c9d0', 'msg_68a3b0f1c2d4e5f6a7b8c9d1']
  const encoder = new ResponsesStreamEncoder({
    envelope: toResponseEnvelope(
      { model: 'gpt-4o-mini', input: 'Why is the sky blue?' },
      'resp_68a3b0f1c2d4e5f6a7b8c9cf',
      1767225600,
    ),
    names: new ToolNames(),
    newId: () => ids.shift() ?? '',
    now: () => 1767225603,
  })
  return (
    encoder.start() +
    encoder.delta({ thinking: 'Rayleigh scattering.', content: '' }) +
    encoder.delta({ thinking: '', content: 'Blue light' }) +
    encoder.delta({ thinking: '', content: ' scatters most.' }) +
    encoder.end({
      finishReason: 'stop',
      toolCalls: [],
      usage: { promptTokens: 14, completionTokens: 9, reasoningTokens: 4 },
    })
  )
}

export const responsesStream: ExtraResponses = eventStream(description, exampleStream())
