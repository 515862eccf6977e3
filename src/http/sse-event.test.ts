import { expect, test } from 'bun:test'
import { sseEvent } from './sse-event.ts'

test('names the event after its type and writes the data on one line', () => {
  expect(sseEvent({ type: 'message_stop' })).toBe(
    'event: message_stop\ndata: {"type":"message_stop"}\n\n',
  )
  expect(sseEvent({ type: 'content_block_delta', text: 'a\nb' } as { type: string })).toBe(
    'event: content_block_delta\ndata: {"type":"content_block_delta","text":"a\\nb"}\n\n',
  )
})
