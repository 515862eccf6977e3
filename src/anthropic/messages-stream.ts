import { eventStream } from '../docs/streamed-responses.ts'
import { OllamaError } from '../errors/ollama-error.ts'
import { AnthropicStreamEncoder } from './anthropic-stream-encoder.ts'

const message = { id: 'msg_0c3f9a1b2c3d4e5f6a7b8c9d', model: 'gpt-4o-mini', inputTokens: 88 }

/** A stream as the encoder writes it (thinking, text, a tool call), so the docs cannot drift. */
function exampleStream(): string {
  const encoder = new AnthropicStreamEncoder(message)
  return [
    encoder.delta({ content: '', thinking: 'The user wants the weather.' }),
    encoder.delta({ content: 'Checking.', thinking: '' }),
    encoder.delta({
      content: '',
      thinking: '',
      toolCalls: [
        { type: 'start', index: 0, id: 'call_7Qb2', name: 'get_weather' },
        { type: 'arguments', index: 0, text: '{"city":' },
      ],
    }),
    encoder.delta({
      content: '',
      thinking: '',
      toolCalls: [{ type: 'arguments', index: 0, text: '"Paris"}' }],
    }),
    encoder.end({
      finishReason: 'tool_calls',
      toolCalls: [{ id: 'call_7Qb2', name: 'get_weather', arguments: { city: 'Paris' } }],
      usage: { promptTokens: 90, completionTokens: 17 },
    }),
  ].join('')
}

function failedStream(): string {
  const encoder = new AnthropicStreamEncoder(message)
  return (
    encoder.delta({ content: 'The weather in', thinking: '' }) +
    encoder.failure(
      new OllamaError(502, 'the upstream stream ended before the answer was complete'),
    )
  )
}

/** The streamed 200 of /v1/messages, documented with the event list and a whole example. */
export const messagesStream = eventStream(
  [
    'With `"stream": true`, `text/event-stream`; each event is `event: <type>` and `data: {…}` of that',
    'type. `message_start` (empty `content`, estimated `usage.input_tokens`); per content block,',
    'numbered 0, 1, 2… in order: `content_block_start`, `content_block_delta`s (`thinking_delta`,',
    'then an empty `signature_delta`; `text_delta`; `input_json_delta` for tool input), and',
    '`content_block_stop`; then `message_delta` (`stop_reason`, `stop_sequence` and the whole',
    '`usage`) and `message_stop`. `ping` while the backend is silent. If the backend fails after the',
    'stream began, an `error` event ends it instead, and no `message_stop` follows:',
    `\n\n\`\`\`\n${failedStream()}\`\`\`\n\nWith \`"stream": false\` (the default): one \`application/json\` message.`,
  ].join(' '),
  exampleStream(),
)
