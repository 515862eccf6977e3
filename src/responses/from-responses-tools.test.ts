import { describe, expect, test } from 'bun:test'
import { thrown } from '../../test/support/thrown.ts'
import { fromResponsesTools } from './from-responses-tools.ts'

const weather = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: true,
}

const inputParameters = {
  type: 'object',
  properties: {
    input: { type: 'string', description: 'The input of the tool, as free-form text' },
  },
  required: ['input'],
  additionalProperties: false,
}

describe('fromResponsesTools', () => {
  test('function tools: flat to nested; null description, parameters and strict left out', () => {
    const { tools, toolChoice } = fromResponsesTools(
      [
        weather,
        { type: 'function', name: 'now', description: null, parameters: null, strict: null },
      ],
      undefined,
    )
    expect(tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: weather.parameters,
          strict: true,
        },
      },
      { type: 'function', function: { name: 'now' } },
    ])
    expect(toolChoice).toBeUndefined()
  })

  test('a custom tool: a function of one input string, its grammar in the description', () => {
    const { tools, names } = fromResponsesTools(
      [
        {
          type: 'custom',
          name: 'apply_patch',
          description: 'Edit files.',
          format: { type: 'grammar', syntax: 'lark', definition: 'start: begin_patch' },
        },
        { type: 'custom', name: 'note', format: { type: 'text' } },
      ],
      null,
    )
    expect(tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'apply_patch',
          description:
            'Edit files.\n\nThe input must follow this lark grammar:\nstart: begin_patch',
          parameters: inputParameters,
        },
      },
      { type: 'function', function: { name: 'note', parameters: inputParameters } },
    ])
    expect(names.target('apply_patch')).toEqual({ type: 'custom', name: 'apply_patch' })
    expect(names.target('get_weather')).toEqual({ type: 'function', name: 'get_weather' })
  })

  test('namespace tools expand to <namespace>__<name>; hosted tools are dropped', () => {
    const { tools, names } = fromResponsesTools(
      [
        { type: 'web_search' },
        {
          type: 'namespace',
          name: 'crm',
          description: 'CRM tools',
          tools: [
            { type: 'function', name: 'lookup', parameters: { type: 'object', properties: {} } },
            { type: 'custom', name: 'query' },
            { type: 'file_search' },
          ],
        },
        { type: 'local_shell' },
      ],
      undefined,
    )
    expect(tools.map((tool) => tool.function.name)).toEqual(['crm__lookup', 'crm__query'])
    expect(names.target('crm__lookup')).toEqual({
      type: 'function',
      name: 'lookup',
      namespace: 'crm',
    })
    expect(names.target('crm__query')).toEqual({ type: 'custom', name: 'query', namespace: 'crm' })
  })

  test.each([
    ['auto', 'auto'],
    ['none', 'none'],
    ['required', 'required'],
    [
      { type: 'function', name: 'get_weather' },
      { type: 'function', function: { name: 'get_weather' } },
    ],
    [
      { type: 'custom', name: 'query', namespace: 'crm' },
      { type: 'function', function: { name: 'crm__query' } },
    ],
    [{ type: 'web_search_preview' }, 'auto'],
  ])('tool_choice %p → %p', (choice, expected) => {
    expect(fromResponsesTools([weather], choice).toolChoice).toEqual(expected as never)
  })

  test('tool_choice allowed_tools narrows the tools, with its mode', () => {
    const { tools, toolChoice } = fromResponsesTools(
      [weather, { type: 'function', name: 'now' }, { type: 'custom', name: 'apply_patch' }],
      {
        type: 'allowed_tools',
        mode: 'required',
        tools: [
          { type: 'function', name: 'now' },
          { type: 'custom', name: 'apply_patch' },
        ],
      },
    )
    expect(tools.map((tool) => tool.function.name)).toEqual(['now', 'apply_patch'])
    expect(toolChoice).toBe('required')
    expect(fromResponsesTools([weather], { type: 'allowed_tools', tools: [] }).toolChoice).toBe(
      'auto',
    )
  })

  test.each([
    [[{ type: 'function' }], undefined, 'tools[0]: name is required'],
    [[{ type: 'custom', name: 7 }], undefined, 'tools[0]: name must be a string'],
    [
      [{ type: 'namespace', name: 'crm', tools: [{ type: 'function', name: 'a', strict: 'yes' }] }],
      undefined,
      'tools[0].tools[0]: strict must be true or false',
    ],
    [
      [],
      'sometimes',
      'invalid tool_choice "sometimes": expected "auto", "none", "required" or a tool choice object',
    ],
    [[], { type: 'function' }, 'tool_choice: a function choice needs a name'],
  ])('%p with tool_choice %p → 400 %p', (tools, choice, message) => {
    const error = thrown(() => fromResponsesTools(tools, choice as never))
    expect(error.status).toBe(400)
    expect(error.message).toBe(message)
  })
})
