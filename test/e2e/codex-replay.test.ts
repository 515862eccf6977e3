import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import zlib from 'node:zlib'
import { chatChunk, type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai.ts'
import { sseEvents } from '../support/sse-events.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'

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

const patch =
  '*** Begin Patch\n*** Update File: src/a.ts\n@@\n-const a = 1\n+const a = 2\n*** End Patch'
const grammar = 'start: begin_patch hunk+ end_patch\nbegin_patch: "*** Begin Patch" LF'

const shellTool = {
  type: 'function',
  name: 'shell',
  description: 'Runs a shell command and returns its output.',
  strict: false,
  parameters: {
    type: 'object',
    properties: {
      command: { type: 'array', items: { type: 'string' } },
      workdir: { type: 'string' },
      timeout_ms: { type: 'number' },
    },
    required: ['command'],
    additionalProperties: false,
  },
}

/** A turn as Codex sends it: history with reasoning, parallel calls, a custom apply_patch call. */
const codexTurn = {
  model: 'demo-coder',
  instructions:
    'You are Codex, based on GPT-5. You are running as a coding agent in the Codex CLI.',
  input: [
    {
      type: 'message',
      role: 'developer',
      content: [
        {
          type: 'input_text',
          text: '<permissions instructions>workspace-write</permissions instructions>',
        },
      ],
    },
    {
      type: 'message',
      role: 'user',
      content: [
        { type: 'input_text', text: '# AGENTS.md instructions for /repo\nUse bun.\n' },
        {
          type: 'input_text',
          text: '<environment_context>\n  <cwd>/repo</cwd>\n</environment_context>',
        },
      ],
    },
    {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: 'Fix the failing test' }],
    },
    {
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'Run the tests first.' }],
      content: null,
      encrypted_content: 'Run the tests first.',
    },
    {
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Running the tests.' }],
    },
    {
      type: 'function_call',
      name: 'shell',
      arguments: '{"command":["bash","-lc","bun test"],"workdir":"/repo"}',
      call_id: 'call_a1',
    },
    {
      type: 'function_call',
      name: 'shell',
      arguments: '{"command":["bash","-lc","git status"]}',
      call_id: 'call_a2',
    },
    { type: 'function_call_output', call_id: 'call_a1', output: '1 fail: expected 2, got 1' },
    { type: 'function_call_output', call_id: 'call_a2', output: 'On branch main' },
    {
      type: 'custom_tool_call',
      status: 'completed',
      call_id: 'call_p1',
      name: 'apply_patch',
      input: patch,
    },
    {
      type: 'custom_tool_call_output',
      call_id: 'call_p1',
      output: 'Success. Updated the following files:\nM src/a.ts',
    },
  ],
  tools: [
    shellTool,
    {
      type: 'custom',
      name: 'apply_patch',
      description: 'Use the `apply_patch` tool to edit files.',
      format: { type: 'grammar', syntax: 'lark', definition: grammar },
    },
    { type: 'web_search' },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: true,
  reasoning: { effort: 'medium', summary: 'auto' },
  store: false,
  stream: true,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: '0199a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b',
}

/** POSTs `body` compressed with zstd, with the headers Codex sends. */
const postCompressed = (
  body: object,
  encode: (text: string) => Uint8Array = zlib.zstdCompressSync,
  encoding = 'zstd',
) =>
  fetch(`${proxy.url}/v1/responses`, {
    method: 'POST',
    body: encode(JSON.stringify(body)),
    headers: {
      'content-type': 'application/json',
      'content-encoding': encoding,
      accept: 'text/event-stream',
      authorization: 'Bearer ollama',
      originator: 'codex_cli_rs',
      session_id: '0199a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b',
    },
  })

/** The backend's next turn: reasoning, two shell calls in one chunk, then an apply_patch call. */
const nextTurnStream = [
  chatChunk({ role: 'assistant', reasoning_content: 'Fixed; verify.' }),
  chatChunk({
    tool_calls: [
      {
        index: 0,
        id: 'call_b1',
        type: 'function',
        function: { name: 'shell', arguments: '{"command":["bash","-lc","bun test"]}' },
      },
      {
        index: 1,
        id: 'call_b2',
        type: 'function',
        function: { name: 'shell', arguments: '{"command":["bash","-lc","git diff"]}' },
      },
    ],
  }),
  chatChunk({
    tool_calls: [
      {
        index: 2,
        id: 'call_b3',
        type: 'function',
        function: { name: 'apply_patch', arguments: '' },
      },
    ],
  }),
  chatChunk({
    tool_calls: [
      { index: 2, function: { arguments: JSON.stringify({ input: patch }).slice(0, 20) } },
    ],
  }),
  chatChunk({
    tool_calls: [{ index: 2, function: { arguments: JSON.stringify({ input: patch }).slice(20) } }],
  }),
  chatChunk({}, 'tool_calls'),
  {
    ...chatChunk({}),
    choices: [],
    usage: {
      prompt_tokens: 1200,
      completion_tokens: 80,
      total_tokens: 1280,
      prompt_tokens_details: { cached_tokens: 1024 },
      completion_tokens_details: { reasoning_tokens: 12 },
    },
  },
]

describe('a Codex turn, replayed (zstd body, store: false, reasoning history, parallel and custom calls)', () => {
  test('the backend gets a valid chat history; Codex gets every item finished, in order', async () => {
    upstream.script({ kind: 'sse', events: nextTurnStream })
    const response = await postCompressed(codexTurn)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    const events = sseEvents(await response.text())

    expect(upstream.requestsTo('/v1/chat/completions').at(-1)?.body).toEqual({
      model: 'demo-coder',
      messages: [
        { role: 'system', content: codexTurn.instructions },
        {
          role: 'system',
          content: '<permissions instructions>workspace-write</permissions instructions>',
        },
        {
          role: 'user',
          content:
            '# AGENTS.md instructions for /repo\nUse bun.\n<environment_context>\n  <cwd>/repo</cwd>\n</environment_context>',
        },
        { role: 'user', content: 'Fix the failing test' },
        {
          role: 'assistant',
          content: 'Running the tests.',
          tool_calls: [
            {
              id: 'call_a1',
              type: 'function',
              function: {
                name: 'shell',
                arguments: '{"command":["bash","-lc","bun test"],"workdir":"/repo"}',
              },
            },
            {
              id: 'call_a2',
              type: 'function',
              function: { name: 'shell', arguments: '{"command":["bash","-lc","git status"]}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a1', content: '1 fail: expected 2, got 1' },
        { role: 'tool', tool_call_id: 'call_a2', content: 'On branch main' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_p1',
              type: 'function',
              function: { name: 'apply_patch', arguments: JSON.stringify({ input: patch }) },
            },
          ],
        },
        {
          role: 'tool',
          tool_call_id: 'call_p1',
          content: 'Success. Updated the following files:\nM src/a.ts',
        },
      ],
      stream: true,
      stream_options: { include_usage: true },
      tools: [
        {
          type: 'function',
          function: {
            name: 'shell',
            description: shellTool.description,
            parameters: shellTool.parameters,
            strict: false,
          },
        },
        {
          type: 'function',
          function: {
            name: 'apply_patch',
            description: `Use the \`apply_patch\` tool to edit files.\n\nThe input must follow this lark grammar:\n${grammar}`,
            parameters: {
              type: 'object',
              properties: {
                input: { type: 'string', description: 'The input of the tool, as free-form text' },
              },
              required: ['input'],
              additionalProperties: false,
            },
          },
        },
      ],
      tool_choice: 'auto',
      parallel_tool_calls: true,
      reasoning_effort: 'medium',
    })

    // What Codex reads: sequence numbers from 0, created first, items appended and finished in
    // order with stable ids, then response.completed with integer usage.
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index))
    expect(events[0]?.type).toBe('response.created')
    const added = events.filter((event) => event.type === 'response.output_item.added')
    const done = events.filter((event) => event.type === 'response.output_item.done')
    expect(added.map((event) => event.output_index)).toEqual([0, 1, 2, 3])
    expect(done.map((event) => (event.item as { id: string }).id)).toEqual(
      added.map((event) => (event.item as { id: string }).id),
    )
    const items = done.map((event) => event.item)
    expect(items).toEqual([
      {
        id: expect.stringMatching(/^rs_/),
        type: 'reasoning',
        summary: [{ type: 'summary_text', text: 'Fixed; verify.' }],
        encrypted_content: 'Fixed; verify.',
      },
      {
        id: expect.stringMatching(/^fc_/),
        type: 'function_call',
        status: 'completed',
        call_id: 'call_b1',
        name: 'shell',
        arguments: '{"command":["bash","-lc","bun test"]}',
      },
      {
        id: expect.stringMatching(/^fc_/),
        type: 'function_call',
        status: 'completed',
        call_id: 'call_b2',
        name: 'shell',
        arguments: '{"command":["bash","-lc","git diff"]}',
      },
      {
        id: expect.stringMatching(/^ctc_/),
        type: 'custom_tool_call',
        call_id: 'call_b3',
        name: 'apply_patch',
        input: patch,
      },
    ])
    const completed = events.at(-1) as { type: string; response: Record<string, unknown> }
    expect(completed.type).toBe('response.completed')
    expect(completed.response).toMatchObject({
      status: 'completed',
      store: false,
      output: items,
      usage: {
        input_tokens: 1200,
        input_tokens_details: { cached_tokens: 1024 },
        output_tokens: 80,
        output_tokens_details: { reasoning_tokens: 12 },
        total_tokens: 1280,
      },
    })

    // The turn after: Codex sends the items back with their outputs; the strict backend accepts it.
    const followUp = {
      ...codexTurn,
      input: [
        ...codexTurn.input,
        ...items,
        { type: 'function_call_output', call_id: 'call_b1', output: '0 fail' },
        { type: 'function_call_output', call_id: 'call_b2', output: 'diff --git a/src/a.ts' },
        { type: 'custom_tool_call_output', call_id: 'call_b3', output: 'Success.' },
      ],
    }
    upstream.script({
      kind: 'sse',
      events: [chatChunk({ content: 'All green.' }), chatChunk({}, 'stop')],
    })
    const next = sseEvents(await (await postCompressed(followUp)).text())
    expect(next.at(-1)).toMatchObject({
      type: 'response.completed',
      response: { status: 'completed' },
    })
    const sent = upstream.requestsTo('/v1/chat/completions').at(-1)?.body as { messages: object[] }
    expect(sent.messages.slice(-4)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_b1',
            type: 'function',
            function: { name: 'shell', arguments: '{"command":["bash","-lc","bun test"]}' },
          },
          {
            id: 'call_b2',
            type: 'function',
            function: { name: 'shell', arguments: '{"command":["bash","-lc","git diff"]}' },
          },
          {
            id: 'call_b3',
            type: 'function',
            function: { name: 'apply_patch', arguments: JSON.stringify({ input: patch }) },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_b1', content: '0 fail' },
      { role: 'tool', tool_call_id: 'call_b2', content: 'diff --git a/src/a.ts' },
      { role: 'tool', tool_call_id: 'call_b3', content: 'Success.' },
    ])
  })
})

describe('compressed request bodies', () => {
  const simple = { model: 'demo-chat', input: 'Hi' }

  test('gzip works as zstd does', async () => {
    const response = await postCompressed(simple, (text) => zlib.gzipSync(text), 'gzip')
    expect(response.status).toBe(200)
    expect(((await response.json()) as { status: string }).status).toBe('completed')
  })

  test('a body that is not what its encoding says: 400 in OpenAI’s shape', async () => {
    const response = await postCompressed(simple, (text) => new TextEncoder().encode(text))
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { message: string; type: string } }
    expect(body.error.type).toBe('invalid_request_error')
    expect(body.error.message).toStartWith('invalid zstd request body: ')
  })

  test('more than 20 MiB once decompressed: 413 in OpenAI’s shape', async () => {
    const huge = { model: 'demo-chat', input: 'x'.repeat(21 * 1024 * 1024) }
    const response = await postCompressed(huge)
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({
      error: {
        message: `request body too large: more than ${20 * 1024 * 1024} bytes once decompressed`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    })
  })

  test('an encoding this server does not read: 415', async () => {
    const response = await postCompressed(simple, (text) => zlib.deflateRawSync(text), 'compress')
    expect(response.status).toBe(415)
  })
})
