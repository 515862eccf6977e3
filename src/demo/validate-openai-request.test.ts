import { describe, expect, test } from 'bun:test'
import { validateOpenAIRequest } from './validate-openai-request.ts'

const invalid = (message: string, param: string | null) => ({
  status: 400,
  error: { message, type: 'invalid_request_error', param, code: null },
})

const user = { role: 'user', content: 'Hi' }
const chat = (fields: Record<string, unknown> = {}) => ({
  model: 'gpt-4o',
  messages: [user],
  ...fields,
})
const call = (id: string, name = 'get_weather') => ({
  id,
  type: 'function',
  function: { name, arguments: '{"city":"Tokyo"}' },
})
const missingResults = (ids: string) =>
  invalid(
    `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${ids}`,
    'messages',
  )
const orphanTool = (index: number) =>
  invalid(
    "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
    `messages[${index}].role`,
  )

describe('validateOpenAIRequest: every endpoint', () => {
  test('accepts a minimal chat request', () => {
    expect(validateOpenAIRequest('chat', chat())).toBeUndefined()
  })

  test.each([
    ['chat', chat({ top_k: 40 }), 'top_k'],
    ['chat', chat({ min_p: 0.1 }), 'min_p'],
    ['chat', chat({ repeat_penalty: 1.1 }), 'repeat_penalty'],
    ['chat', chat({ chat_template_kwargs: {} }), 'chat_template_kwargs'],
    ['chat', chat({ reasoning: { enabled: true } }), 'reasoning'],
    ['completions', { model: 'm', prompt: 'p', messages: [] }, 'messages'],
    ['embeddings', { model: 'm', input: 'x', stream: true }, 'stream'],
  ] as const)('refuses on %s the unknown parameter in %o', (endpoint, body, param) => {
    expect(validateOpenAIRequest(endpoint, body)).toEqual(
      invalid(`Unrecognized request argument supplied: ${param}`, param),
    )
  })

  test('accepts non-standard parameters a backend is declared to take', () => {
    expect(
      validateOpenAIRequest('chat', chat({ top_k: 40, min_p: 0 }), ['top_k', 'min_p']),
    ).toBeUndefined()
  })

  test.each([
    [
      { messages: [{ ...user, copilot_cache_control: {} }] },
      'copilot_cache_control',
      'messages[0]',
    ],
    [
      { messages: [{ role: 'user', content: [{ type: 'text', text: 'x', cache: 1 }] }] },
      'cache',
      'messages[0].content[0]',
    ],
    [
      {
        messages: [user],
        tools: [{ type: 'function', function: { name: 'f', extra: 1 } }],
      },
      'extra',
      'tools[0].function',
    ],
  ])('refuses on chat the unknown nested field in %o', (fields, field, where) => {
    expect(validateOpenAIRequest('chat', chat(fields))).toEqual(
      invalid(
        `Additional properties are not allowed ('${field}' was unexpected) - '${where}'`,
        where,
      ),
    )
  })

  test.each([{}, { model: '' }, { model: 42 }])('refuses the model in %o', (fields) => {
    expect(validateOpenAIRequest('chat', { messages: [user], ...fields })).toEqual(
      invalid('you must provide a model parameter', 'model'),
    )
  })

  test('checks unknown parameters before the model', () => {
    expect(validateOpenAIRequest('chat', { foo: 1 })).toEqual(
      invalid('Unrecognized request argument supplied: foo', 'foo'),
    )
  })

  test.each([
    ['chat', chat({ stream_options: { include_usage: true } })],
    ['chat', chat({ stream: false, stream_options: { include_usage: true } })],
    ['completions', { model: 'm', prompt: 'p', stream_options: {} }],
  ] as const)('refuses stream_options without stream on %s', (endpoint, body) => {
    expect(validateOpenAIRequest(endpoint, body)).toEqual(
      invalid(
        "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
        'stream_options',
      ),
    )
  })

  test('accepts stream_options with stream', () => {
    expect(
      validateOpenAIRequest(
        'chat',
        chat({ stream: true, stream_options: { include_usage: true } }),
      ),
    ).toBeUndefined()
  })
})

describe('validateOpenAIRequest: sampling parameters', () => {
  test('accepts every standard parameter within its range', () => {
    expect(
      validateOpenAIRequest(
        'chat',
        chat({
          temperature: 2,
          top_p: 0,
          seed: -5,
          stop: ['a', 'b', 'c', 'd'],
          max_tokens: 1,
          max_completion_tokens: 100,
          presence_penalty: 0.5,
          frequency_penalty: 0.5,
          n: 1,
          user: 'u',
        }),
      ),
    ).toBeUndefined()
    expect(
      validateOpenAIRequest('chat', chat({ stop: 'END', temperature: 0, top_p: 1 })),
    ).toBeUndefined()
  })

  test.each([
    [{ temperature: 2.1 }, 'temperature must be a number between 0 and 2', 'temperature'],
    [{ temperature: -0.1 }, 'temperature must be a number between 0 and 2', 'temperature'],
    [{ temperature: '1' }, 'temperature must be a number between 0 and 2', 'temperature'],
    [{ top_p: 1.5 }, 'top_p must be a number between 0 and 1', 'top_p'],
    [{ top_p: null }, 'top_p must be a number between 0 and 1', 'top_p'],
    [{ seed: 1.5 }, 'seed must be an integer', 'seed'],
    [{ seed: '1' }, 'seed must be an integer', 'seed'],
    [{ stop: 5 }, 'stop must be a string or an array of strings', 'stop'],
    [{ stop: ['a', 1] }, 'stop must be a string or an array of strings', 'stop'],
    [{ stop: ['1', '2', '3', '4', '5'] }, 'stop: at most 4 sequences are allowed', 'stop'],
    [{ max_tokens: 0 }, 'max_tokens must be a positive integer', 'max_tokens'],
    [{ max_tokens: -1 }, 'max_tokens must be a positive integer', 'max_tokens'],
    [{ max_tokens: 1.5 }, 'max_tokens must be a positive integer', 'max_tokens'],
    [
      { max_completion_tokens: 0 },
      'max_completion_tokens must be a positive integer',
      'max_completion_tokens',
    ],
  ])('refuses %o', (fields, message, param) => {
    expect(validateOpenAIRequest('chat', chat(fields))).toEqual(invalid(message, param))
  })
})

describe('validateOpenAIRequest: chat messages', () => {
  test.each([[undefined], [[]], ['Hi'], [{}]])('refuses messages %p', (messages) => {
    expect(validateOpenAIRequest('chat', { model: 'm', messages })).toEqual(
      invalid("[] is too short - 'messages'", 'messages'),
    )
  })

  test.each([
    [{ role: 'function', content: 'x' }],
    [{ role: 'User', content: 'x' }],
    [{ content: 'x' }],
    [null],
  ])('refuses the role of %o', (message) => {
    expect(validateOpenAIRequest('chat', { model: 'm', messages: [user, message] })).toEqual(
      invalid("Invalid value for 'messages[1].role'.", 'messages[1].role'),
    )
  })

  test('accepts system, developer, user and assistant text', () => {
    expect(
      validateOpenAIRequest('chat', {
        model: 'm',
        messages: [
          { role: 'system', content: 's' },
          { role: 'developer', content: 'd' },
          user,
          { role: 'assistant', content: 'a' },
        ],
      }),
    ).toBeUndefined()
  })

  test.each([
    [{ role: 'user', content: null }],
    [{ role: 'user' }],
    [{ role: 'assistant', content: null }],
    [{ role: 'system', content: null }],
  ])('refuses null content in %o', (message) => {
    expect(validateOpenAIRequest('chat', { model: 'm', messages: [message] })).toEqual(
      invalid(
        "Invalid value for 'messages[0].content': expected a string, got null.",
        'messages[0].content',
      ),
    )
  })

  test('accepts user content parts: text, https and data-URL images', () => {
    expect(
      validateOpenAIRequest('chat', {
        model: 'm',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What are these?' },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
              { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/' } },
              { type: 'image_url', image_url: { url: 'data:image/webp;base64,UklGR' } },
              { type: 'image_url', image_url: { url: 'data:image/gif;base64,R0lGOD' } },
            ],
          },
        ],
      }),
    ).toBeUndefined()
  })

  test.each([
    [{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,Qk0=' } }],
    [{ type: 'image_url', image_url: { url: 'ftp://example.com/x.png' } }],
    [{ type: 'image_url', image_url: {} }],
    [{ type: 'image_url' }],
    [{ type: 'text', text: 5 }],
    [{ type: 'input_audio', input_audio: {} }],
    [null],
  ])('refuses the user content part %o', (part) => {
    expect(
      validateOpenAIRequest('chat', { model: 'm', messages: [{ role: 'user', content: [part] }] }),
    ).toEqual(invalid("Invalid content part in 'messages[0].content'.", 'messages[0].content'))
  })

  test('accepts text parts in assistant and tool messages, but not images', () => {
    const textParts = [{ type: 'text', text: 'x' }]
    expect(
      validateOpenAIRequest('chat', {
        model: 'm',
        messages: [
          user,
          { role: 'assistant', content: null, tool_calls: [call('a')] },
          { role: 'tool', tool_call_id: 'a', content: textParts },
          { role: 'assistant', content: textParts },
        ],
      }),
    ).toBeUndefined()
    expect(
      validateOpenAIRequest('chat', {
        model: 'm',
        messages: [
          { role: 'assistant', content: [{ type: 'image_url', image_url: { url: 'https://x' } }] },
        ],
      }),
    ).toEqual(invalid("Invalid type for 'messages[0].content'.", 'messages[0].content'))
  })

  test('refuses content that is neither a string nor parts', () => {
    expect(
      validateOpenAIRequest('chat', { model: 'm', messages: [{ role: 'user', content: 42 }] }),
    ).toEqual(invalid("Invalid type for 'messages[0].content'.", 'messages[0].content'))
  })
})

describe('validateOpenAIRequest: tool-call history', () => {
  test('accepts calls answered by tool messages in any order', () => {
    expect(
      validateOpenAIRequest('chat', {
        model: 'm',
        messages: [
          user,
          { role: 'assistant', content: null, tool_calls: [call('a'), call('b', 'get_time')] },
          { role: 'tool', tool_call_id: 'b', content: '09:00' },
          { role: 'tool', tool_call_id: 'a', content: '11°C' },
          { role: 'assistant', content: 'Done.' },
        ],
      }),
    ).toBeUndefined()
  })

  test('refuses a non-tool message while calls are unanswered', () => {
    expect(
      validateOpenAIRequest('chat', {
        model: 'm',
        messages: [
          user,
          { role: 'assistant', content: null, tool_calls: [call('a'), call('b')] },
          { role: 'tool', tool_call_id: 'a', content: 'x' },
          user,
        ],
      }),
    ).toEqual(missingResults('b'))
  })

  test('refuses a conversation that ends with unanswered calls', () => {
    expect(
      validateOpenAIRequest('chat', {
        model: 'm',
        messages: [user, { role: 'assistant', content: null, tool_calls: [call('a'), call('b')] }],
      }),
    ).toEqual(missingResults('a, b'))
  })

  test('refuses a tool message without tool_call_id', () => {
    expect(
      validateOpenAIRequest('chat', {
        model: 'm',
        messages: [
          user,
          { role: 'assistant', content: null, tool_calls: [call('a')] },
          { role: 'tool', content: 'x' },
        ],
      }),
    ).toEqual(
      invalid(
        "Missing required parameter: 'messages[2].tool_call_id'.",
        'messages[2].tool_call_id',
      ),
    )
  })

  test('refuses a tool message that answers no pending call', () => {
    expect(
      validateOpenAIRequest('chat', {
        model: 'm',
        messages: [user, { role: 'tool', tool_call_id: 'a', content: 'x' }],
      }),
    ).toEqual(orphanTool(1))
  })

  test('refuses a second answer to the same call', () => {
    expect(
      validateOpenAIRequest('chat', {
        model: 'm',
        messages: [
          user,
          { role: 'assistant', content: null, tool_calls: [call('a')] },
          { role: 'tool', tool_call_id: 'a', content: 'x' },
          { role: 'tool', tool_call_id: 'a', content: 'again' },
        ],
      }),
    ).toEqual(orphanTool(3))
  })

  test('refuses an answer with another id', () => {
    expect(
      validateOpenAIRequest('chat', {
        model: 'm',
        messages: [
          user,
          { role: 'assistant', content: null, tool_calls: [call('a')] },
          { role: 'tool', tool_call_id: 'zzz', content: 'x' },
        ],
      }),
    ).toEqual(orphanTool(2))
  })

  test('refuses an empty tool_calls list', () => {
    expect(
      validateOpenAIRequest('chat', {
        model: 'm',
        messages: [user, { role: 'assistant', content: 'x', tool_calls: [] }],
      }),
    ).toEqual(invalid("Invalid 'messages[1].tool_calls': empty array.", 'messages[1].tool_calls'))
  })

  test.each([
    [{ type: 'function', function: { name: 'f', arguments: '{}' } }],
    [{ id: 'a', function: { name: 'f', arguments: '{}' } }],
    [{ id: 'a', type: 'function', function: { arguments: '{}' } }],
    [{ id: 1, type: 'function', function: { name: 'f', arguments: '{}' } }],
  ])('refuses the incomplete tool call %o', (toolCall) => {
    expect(
      validateOpenAIRequest('chat', {
        model: 'm',
        messages: [user, { role: 'assistant', content: null, tool_calls: [toolCall] }],
      }),
    ).toEqual(
      invalid(
        "Missing required parameter: 'messages[1].tool_calls[].id'.",
        'messages[1].tool_calls',
      ),
    )
  })

  test.each([{ city: 'Tokyo' }, undefined, null])('refuses the non-string arguments %p', (args) => {
    expect(
      validateOpenAIRequest('chat', {
        model: 'm',
        messages: [
          user,
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: args } }],
          },
        ],
      }),
    ).toEqual(
      invalid(
        "Invalid type for 'messages[1].tool_calls[].function.arguments': expected a string.",
        'messages[1].tool_calls',
      ),
    )
  })
})

describe('validateOpenAIRequest: chat options', () => {
  test.each([
    [{ logprobs: true, top_logprobs: 0 }],
    [{ logprobs: true, top_logprobs: 20 }],
    [{ logprobs: false }],
    [{ response_format: { type: 'text' } }],
    [{ response_format: { type: 'json_object' } }],
    [{ response_format: { type: 'json_schema', json_schema: { name: 'schema', schema: {} } } }],
    [{ response_format: { type: 'json_schema', json_schema: { name: 'A-b_9' } } }],
    [{ tools: [] }],
    [{ tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] }],
    [{ reasoning_effort: 'low', parallel_tool_calls: false, tool_choice: 'auto' }],
  ])('accepts %o', (fields) => {
    expect(validateOpenAIRequest('chat', chat(fields))).toBeUndefined()
  })

  test.each([
    [{ top_logprobs: 2 }, 'logprobs must be true when top_logprobs is set', 'top_logprobs'],
    [
      { logprobs: false, top_logprobs: 2 },
      'logprobs must be true when top_logprobs is set',
      'top_logprobs',
    ],
    [{ logprobs: true, top_logprobs: 21 }, 'top_logprobs must be between 0 and 20', 'top_logprobs'],
    [{ logprobs: true, top_logprobs: -1 }, 'top_logprobs must be between 0 and 20', 'top_logprobs'],
    [
      { logprobs: true, top_logprobs: 1.5 },
      'top_logprobs must be between 0 and 20',
      'top_logprobs',
    ],
    [{ response_format: { type: 'xml' } }, 'response_format.type is invalid', 'response_format'],
    [{ response_format: null }, 'response_format.type is invalid', 'response_format'],
    [
      { response_format: { type: 'json_schema', json_schema: { schema: {} } } },
      "Missing required parameter: 'response_format.json_schema.name'.",
      'response_format',
    ],
    [
      { response_format: { type: 'json_schema' } },
      "Missing required parameter: 'response_format.json_schema.name'.",
      'response_format',
    ],
    [
      { response_format: { type: 'json_schema', json_schema: { name: 'has space' } } },
      "Missing required parameter: 'response_format.json_schema.name'.",
      'response_format',
    ],
    [
      { response_format: { type: 'json_schema', json_schema: { name: 'x'.repeat(65) } } },
      "Missing required parameter: 'response_format.json_schema.name'.",
      'response_format',
    ],
    [{ tools: {} }, 'tools must be an array', 'tools'],
    [
      { tools: [{ function: { name: 'f' } }] },
      "Missing required parameter: 'tools[].function.name'.",
      'tools',
    ],
    [
      { tools: [{ type: 'function', function: {} }] },
      "Missing required parameter: 'tools[].function.name'.",
      'tools',
    ],
    [{ tools: [null] }, "Missing required parameter: 'tools[].function.name'.", 'tools'],
  ])('refuses %o', (fields, message, param) => {
    expect(validateOpenAIRequest('chat', chat(fields))).toEqual(invalid(message, param))
  })

  test('checks sampling before messages', () => {
    expect(
      validateOpenAIRequest('chat', { model: 'm', messages: [{ role: 'x' }], temperature: 9 }),
    ).toEqual(invalid('temperature must be a number between 0 and 2', 'temperature'))
  })
})

describe('validateOpenAIRequest: completions', () => {
  test('accepts a prompt with suffix and sampling', () => {
    expect(
      validateOpenAIRequest('completions', {
        model: 'm',
        prompt: 'def f(',
        suffix: ')',
        max_tokens: 16,
        stop: '\n',
        echo: false,
        stream: true,
        stream_options: { include_usage: true },
      }),
    ).toBeUndefined()
  })

  test.each([
    [{ prompt: ['a', 'b'] }, 'prompt must be a string', 'prompt'],
    [{}, 'prompt must be a string', 'prompt'],
    [{ prompt: 'p', suffix: 1 }, 'suffix must be a string', 'suffix'],
    [{ prompt: 'p', max_tokens: 0 }, 'max_tokens must be a positive integer', 'max_tokens'],
    [
      { prompt: 'p', temperature: 3 },
      'temperature must be a number between 0 and 2',
      'temperature',
    ],
  ])('refuses %o', (fields, message, param) => {
    expect(validateOpenAIRequest('completions', { model: 'm', ...fields })).toEqual(
      invalid(message, param),
    )
  })

  test('refuses chat-only parameters', () => {
    expect(validateOpenAIRequest('completions', { model: 'm', prompt: 'p', tools: [] })).toEqual(
      invalid('Unrecognized request argument supplied: tools', 'tools'),
    )
  })
})

describe('validateOpenAIRequest: embeddings', () => {
  test.each([
    [{ input: 'text' }],
    [{ input: ['a', 'b'], encoding_format: 'float' }],
    [{ input: 'x', encoding_format: 'base64', dimensions: 256, user: 'u' }],
  ])('accepts %o', (fields) => {
    expect(validateOpenAIRequest('embeddings', { model: 'm', ...fields })).toBeUndefined()
  })

  test.each([[''], [[]], [['a', '']], [[1, 2]], [undefined], [null]])(
    'refuses the input %p',
    (input) => {
      expect(validateOpenAIRequest('embeddings', { model: 'm', input })).toEqual(
        invalid(
          "'$.input' is invalid: it must be a non-empty string or array of non-empty strings",
          'input',
        ),
      )
    },
  )

  test('refuses an unknown encoding_format', () => {
    expect(
      validateOpenAIRequest('embeddings', { model: 'm', input: 'x', encoding_format: 'int8' }),
    ).toEqual(invalid("Invalid value for 'encoding_format' = int8.", 'encoding_format'))
  })

  test.each([0, -1, 1.5, '256'])('refuses dimensions %p', (dimensions) => {
    expect(validateOpenAIRequest('embeddings', { model: 'm', input: 'x', dimensions })).toEqual(
      invalid('dimensions must be a positive integer', 'dimensions'),
    )
  })
})
