import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { chatChunk, type FakeOpenAI, startFakeOpenAI, usageChunk } from '../support/fake-openai.ts'
import { type SseEventData, sseEvents } from '../support/sse-events.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'

/**
 * Request bodies and headers as Claude Code sends them (ANTHROPIC_BASE_URL pointing here, its
 * default models mapped to a backend model), replayed against the strict fake upstream: whatever
 * reaches the backend must be a valid chat completions request.
 */

let upstream: FakeOpenAI
let proxy: RunningProxy

beforeAll(() => {
  upstream = startFakeOpenAI()
  proxy = startProxy({ baseUrl: upstream.baseUrl, apiKey: 'sk-server' })
})
afterAll(async () => {
  await proxy.stop()
  await upstream.stop()
})

const claudeCodeHeaders = {
  'content-type': 'application/json',
  authorization: 'Bearer ollama',
  'anthropic-version': '2023-06-01',
  'anthropic-beta':
    'claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14',
  'x-app': 'cli',
  'user-agent': 'claude-cli/2.1.37 (external, cli)',
}

const post = (path: string, body: object) =>
  fetch(`${proxy.url}${path}`, {
    method: 'POST',
    headers: claudeCodeHeaders,
    body: JSON.stringify(body),
  })

/** The events of an SSE response. */
const events = async (response: Response) => sseEvents(await response.text())

/** The blocks the events add up to (tool input parsed at the block's stop), and the stop reason. */
function assembled(stream: SseEventData[]) {
  const blocks: Record<string, unknown>[] = []
  for (const event of stream) {
    const block = blocks[event.index as number] as Record<string, unknown>
    const delta = event.delta as Record<string, string>
    if (event.type === 'content_block_start') blocks.push({ ...(event.content_block as object) })
    else if (event.type === 'content_block_stop' && block.type === 'tool_use') {
      block.input = JSON.parse(block.json as string)
      delete block.json
    } else if (delta?.type === 'text_delta') block.text += delta.text as string
    else if (delta?.type === 'thinking_delta') block.thinking += delta.thinking as string
    else if (delta?.type === 'signature_delta') block.signature = delta.signature
    else if (delta?.type === 'input_json_delta')
      block.json = `${block.json ?? ''}${delta.partial_json}`
  }
  const end = stream.find((event) => event.type === 'message_delta')
  return { blocks, stop: end?.delta }
}

const lastChatRequest = () => upstream.requestsTo('/v1/chat/completions').at(-1)

const billingLine = (cch: string) => ({
  type: 'text',
  text: `x-anthropic-billing-header: cc_version=2.1.37.a1b; cc_entrypoint=cli; cch=${cch};`,
})
const cached = { type: 'ephemeral' }
const bashTool = {
  name: 'Bash',
  description: 'Executes a given bash command in a persistent shell session.',
  input_schema: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: {
      command: { type: 'string', description: 'The command to execute' },
      description: { type: 'string' },
    },
    required: ['command'],
    additionalProperties: false,
  },
}
const readTool = {
  name: 'Read',
  description: 'Reads a file from the local filesystem.',
  input_schema: {
    type: 'object',
    properties: { file_path: { type: 'string' } },
    required: ['file_path'],
  },
  cache_control: cached,
}
const turn = (cch: string, messages: object[], extra: object = {}) => ({
  model: 'demo-chat',
  max_tokens: 32000,
  stream: true,
  system: [
    billingLine(cch),
    {
      type: 'text',
      text: "You are Claude Code, Anthropic's official CLI for Claude.",
      cache_control: cached,
    },
  ],
  messages,
  tools: [bashTool, readTool],
  metadata: { user_id: 'user_4f1e_account__session_9c2a' },
  temperature: 1,
  ...extra,
})
const prompt = {
  role: 'user',
  content: [
    { type: 'text', text: '<system-reminder>\nThe date is 2026-11-30.\n</system-reminder>' },
    { type: 'text', text: 'List the files and read the README', cache_control: cached },
  ],
}
const twoCalls = {
  role: 'assistant',
  content: [
    { type: 'thinking', thinking: 'I need two tools.', signature: '' },
    { type: 'text', text: "I'll look." },
    {
      type: 'tool_use',
      id: 'call_ls',
      name: 'Bash',
      input: { command: 'ls', description: 'List' },
    },
    { type: 'tool_use', id: 'call_rd', name: 'Read', input: { file_path: '/repo/README.md' } },
  ],
}

describe('Claude Code against this server', () => {
  test('?beta=true with the billing line: the cch value is normalised, streamed as SSE', async () => {
    const response = await post(
      '/v1/messages?beta=true',
      turn('3f9a1', [prompt], { thinking: { type: 'enabled', budget_tokens: 31999 } }),
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    const stream = await events(response)
    expect(assembled(stream)).toEqual({
      blocks: [
        {
          type: 'tool_use',
          id: expect.stringMatching(/^call_[0-9a-f]{24}$/),
          name: 'Read',
          input: { file_path: 'The' },
        },
      ],
      stop: { stop_reason: 'tool_use', stop_sequence: null },
    })
    const forwarded = lastChatRequest()
    expect(forwarded?.body).toEqual({
      model: 'demo-chat',
      messages: [
        {
          role: 'system',
          content:
            "x-anthropic-billing-header: cc_version=2.1.37.a1b; cc_entrypoint=cli; cch=00000;\n\nYou are Claude Code, Anthropic's official CLI for Claude.",
        },
        {
          role: 'user',
          content:
            '<system-reminder>\nThe date is 2026-11-30.\n</system-reminder>\n\nList the files and read the README',
        },
      ],
      stream: true,
      temperature: 1,
      max_tokens: 32000,
      stream_options: { include_usage: true },
      tools: [
        {
          type: 'function',
          function: {
            name: 'Bash',
            description: bashTool.description,
            parameters: bashTool.input_schema,
          },
        },
        {
          type: 'function',
          function: {
            name: 'Read',
            description: readTool.description,
            parameters: readTool.input_schema,
          },
        },
      ],
    })
    expect(forwarded?.headers.get('authorization')).toBe('Bearer sk-server')
    expect(forwarded?.headers.get('anthropic-beta')).toBeNull()
    // The next request's billing line has another cch: the backend sees the same prompt prefix.
    await (await post('/v1/messages?beta=true', turn('b7c20', [prompt]))).text()
    expect(lastChatRequest()?.body?.messages).toEqual(forwarded?.body?.messages as object[])
  })

  test('count_tokens?beta=true answers the estimate without asking the backend', async () => {
    const before = upstream.requests.length
    const response = await post('/v1/messages/count_tokens?beta=true', {
      model: 'claude-sonnet-4-5-20250929',
      messages: [{ role: 'user', content: 'Hello there' }],
      tools: [{ name: 'now', input_schema: { type: 'object' } }],
    })
    expect(response.status).toBe(200)
    // "user" + "Hello there" + "now" + '{"type":"object"}' = 4 + 11 + 3 + 17 = 35 → 9
    expect(await response.json()).toEqual({ input_tokens: 9 })
    expect(upstream.requests.length).toBe(before)
  })

  test('parallel tool calls stream as consecutive tool_use blocks', async () => {
    upstream.script({
      kind: 'sse',
      events: [
        chatChunk({ role: 'assistant', content: "I'll look." }),
        chatChunk({
          tool_calls: [
            {
              index: 0,
              id: 'call_ls',
              type: 'function',
              function: { name: 'Bash', arguments: '{"command":"ls",' },
            },
          ],
        }),
        chatChunk({ tool_calls: [{ index: 0, function: { arguments: '"description":"List"}' } }] }),
        chatChunk({
          tool_calls: [
            {
              index: 1,
              id: 'call_rd',
              type: 'function',
              function: { name: 'Read', arguments: '{"file_path":"/repo/README.md"}' },
            },
          ],
        }),
        chatChunk({}, 'tool_calls'),
        usageChunk(1200, 40),
      ],
    })
    const stream = await events(await post('/v1/messages?beta=true', turn('1a2b3', [prompt])))
    expect(stream.slice(1)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: "I'll look." } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 'call_ls', name: 'Bash', input: {} },
      },
      {
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: '{"command":"ls",' },
      },
      {
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: '"description":"List"}' },
      },
      { type: 'content_block_stop', index: 1 },
      {
        type: 'content_block_start',
        index: 2,
        content_block: { type: 'tool_use', id: 'call_rd', name: 'Read', input: {} },
      },
      {
        type: 'content_block_delta',
        index: 2,
        delta: { type: 'input_json_delta', partial_json: '{"file_path":"/repo/README.md"}' },
      },
      { type: 'content_block_stop', index: 2 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: { input_tokens: 1200, output_tokens: 40 },
      },
      { type: 'message_stop' },
    ])
  })

  test('a turn mixing tool results and text: results right after the calls, the text after them', async () => {
    const response = await post(
      '/v1/messages?beta=true',
      turn('9e8d7', [
        prompt,
        twoCalls,
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_ls', content: 'README.md\nsrc' },
            {
              type: 'tool_result',
              tool_use_id: 'call_rd',
              content: [{ type: 'text', text: '# Project' }],
              cache_control: cached,
            },
            { type: 'text', text: '<system-reminder>Todo list is empty.</system-reminder>' },
          ],
        },
      ]),
    )
    expect(response.status).toBe(200)
    const stream = await events(response)
    expect(stream.at(-2)).toMatchObject({ delta: { stop_reason: 'end_turn' } })
    expect(lastChatRequest()?.body?.messages).toEqual([
      expect.objectContaining({ role: 'system' }),
      expect.objectContaining({ role: 'user' }),
      {
        role: 'assistant',
        content: "I'll look.",
        tool_calls: [
          {
            id: 'call_ls',
            type: 'function',
            function: { name: 'Bash', arguments: '{"command":"ls","description":"List"}' },
          },
          {
            id: 'call_rd',
            type: 'function',
            function: { name: 'Read', arguments: '{"file_path":"/repo/README.md"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_ls', content: 'README.md\nsrc' },
      { role: 'tool', tool_call_id: 'call_rd', content: '# Project' },
      { role: 'user', content: '<system-reminder>Todo list is empty.</system-reminder>' },
    ])
  })

  test('images: base64 and URL in the prompt, and a screenshot returned by a tool', async () => {
    const png = { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUg==' }
    const response = await post(
      '/v1/messages?beta=true',
      turn('5c6d7', [
        {
          role: 'user',
          content: [
            { type: 'image', source: png },
            { type: 'image', source: { type: 'url', url: 'https://example.com/diagram.png' } },
            { type: 'text', text: 'Compare these' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'call_shot', name: 'Read', input: { file_path: 'a.png' } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'call_shot',
              content: [{ type: 'image', source: png }],
            },
          ],
        },
      ]),
    )
    expect(response.status).toBe(200)
    await response.text()
    expect(lastChatRequest()?.body?.messages).toEqual([
      expect.objectContaining({ role: 'system' }),
      {
        role: 'user',
        content: [
          {
            type: 'image_url',
            image_url: { url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==' },
          },
          { type: 'image_url', image_url: { url: 'https://example.com/diagram.png' } },
          { type: 'text', text: 'Compare these' },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_shot',
            type: 'function',
            function: { name: 'Read', arguments: '{"file_path":"a.png"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_shot', content: '' },
      {
        role: 'user',
        content: [
          {
            type: 'image_url',
            image_url: { url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==' },
          },
        ],
      },
    ])
  })

  test('an unaliased claude-* model: 404 in Anthropic shape naming the settings', async () => {
    const response = await post(
      '/v1/messages?beta=true',
      turn('0f0f0', [prompt], { model: 'claude-haiku-4-5-20251001' }),
    )
    expect(response.status).toBe(404)
    expect(response.headers.get('x-should-retry')).toBe('false')
    const body = (await response.json()) as { error: { type: string; message: string } }
    expect(body.error.type).toBe('not_found_error')
    expect(body.error.message).toStartWith(
      "model 'claude-haiku-4-5-20251001' not found: coding agents ask for this name on their own; map it to one of your models with MODEL_ALIASES=claude-haiku-4-5-20251001=<model>",
    )
  })

  test('validation errors on these routes come in Anthropic shape', async () => {
    const cases: [object | string, string][] = [
      ['[1,2]', 'invalid request body: expected a JSON object'],
      [{ max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }, 'model is required'],
      [
        { model: 'demo-chat', max_tokens: 10, messages: [] },
        'messages is required: a non-empty list of messages with a role and content',
      ],
      [
        { model: 'demo-chat', max_tokens: 10, messages: [{ role: 'system', content: 'x' }] },
        'a message role must be "user" or "assistant"',
      ],
      [
        {
          model: 'demo-chat',
          max_tokens: 10,
          messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file' } }] }],
        },
        'each message needs a role (user or assistant) and a content: a string, or blocks with the fields of their type (text: text; image: source with base64 data or a url; tool_use: id, name; tool_result: tool_use_id; thinking: thinking)',
      ],
      [
        {
          model: 'demo-chat',
          max_tokens: 10,
          messages: [{ role: 'user', content: 'x' }],
          tools: [{ name: 'a' }],
          tool_choice: { type: 'tool' },
        },
        'tool_choice.name is required when tool_choice.type is "tool"',
      ],
    ]
    for (const [body, message] of cases) {
      const response = await fetch(`${proxy.url}/v1/messages?beta=true`, {
        method: 'POST',
        headers: claudeCodeHeaders,
        body: typeof body === 'string' ? body : JSON.stringify(body),
      })
      expect(response.status).toBe(400)
      const error = (await response.json()) as object
      expect(error).toEqual({
        type: 'error',
        error: { type: 'invalid_request_error', message },
        request_id: expect.stringMatching(/^req_[0-9a-f]{24}$/),
      })
    }
    const countTokens = await post('/v1/messages/count_tokens', { model: 'demo-chat' })
    expect(countTokens.status).toBe(400)
    expect(((await countTokens.json()) as { error: object }).error).toEqual({
      type: 'invalid_request_error',
      message: 'messages is required: a non-empty list of messages with a role and content',
    })
  })

  test('an unknown path under /v1/messages is a 404 in Anthropic shape', async () => {
    const response = await post('/v1/messages/batches', {})
    expect(response.status).toBe(404)
    expect(((await response.json()) as { error: object }).error).toEqual({
      type: 'not_found_error',
      message: '404 page not found: /v1/messages/batches',
    })
  })
})

describe('sampling and thinking by backend dialect', () => {
  const request = {
    model: 'demo-chat',
    max_tokens: 64,
    messages: [{ role: 'user', content: 'x' }],
    top_k: 40,
    tool_choice: { type: 'any', disable_parallel_tool_use: true },
    tools: [{ name: 'now' }],
    stop_sequences: ['</a>'],
    thinking: { type: 'disabled' },
  }
  const noInput = { type: 'object', properties: {} }
  const cases = [
    ['openai', [], {}],
    [
      'vllm',
      ['top_k', 'chat_template_kwargs'],
      {
        top_k: 40,
        chat_template_kwargs: { enable_thinking: false },
      },
    ],
  ] as const

  test.each(cases)('%s gets what it accepts', async (dialect, extraParams, expected) => {
    const upstream = startFakeOpenAI({ extraParams: [...extraParams] })
    const proxy = startProxy({ baseUrl: upstream.baseUrl, apiKey: 'k', dialect })
    try {
      const response = await fetch(`${proxy.url}/v1/messages`, {
        method: 'POST',
        body: JSON.stringify(request),
      })
      expect(response.status).toBe(200)
      const { messages: _messages, ...params } =
        upstream.requestsTo('/v1/chat/completions').at(-1)?.body ?? {}
      expect(params).toEqual({
        model: 'demo-chat',
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: 64,
        tools: [{ type: 'function', function: { name: 'now', parameters: noInput } }],
        tool_choice: 'required',
        parallel_tool_calls: false,
        stop: ['</a>'],
        ...expected,
      })
    } finally {
      await proxy.stop()
      await upstream.stop()
    }
  })
})
