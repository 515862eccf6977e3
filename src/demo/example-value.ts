import type { PromptFacts } from './prompt-facts.ts'

/** The parts of JSON Schema an example value follows. */
export interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  enum?: unknown[]
  const?: unknown
  default?: unknown
  examples?: unknown[]
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  $ref?: string
  $defs?: Record<string, JsonSchema>
  definitions?: Record<string, JsonSchema>
  description?: string
  format?: string
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minLength?: number
  maxLength?: number
  minItems?: number
  maxItems?: number
}

/**
 * What to fill: `arguments` (a tool call) fills the required properties, and the optional ones the
 * prompt gives a value for, as a model calling a tool does; `answer` (structured output) fills
 * every property.
 */
export type ExampleMode = 'arguments' | 'answer'

/** Properties whose value is free text (a search query, a message), not a name. */
const freeText = /query|question|text|prompt|message|content|search|topic|summary|answer|reason/i

/**
 * A value that conforms to `schema` (types, required properties, enums, constants, ranges,
 * lengths, nested objects and lists, `$ref`s to `$defs`), drawn from the user's words where they
 * fit: names for names, quoted text or the whole prompt for free text, numbers for numbers, enum
 * values the prompt mentions. Each name, quote and number is used once, in order.
 */
export function exampleValue(
  schema: JsonSchema,
  facts: PromptFacts,
  mode: ExampleMode,
  now: Date,
): unknown {
  const unused = { names: [...facts.names], quoted: [...facts.quoted], numbers: [...facts.numbers] }
  const resolve = (node: JsonSchema): JsonSchema => {
    const name = node.$ref?.match(/^#\/(?:\$defs|definitions)\/(.+)$/)?.[1]
    const target = name === undefined ? undefined : (schema.$defs ?? schema.definitions)?.[name]
    return target ? resolve(target) : node
  }

  /** A value for `node`, or undefined when `mentionedOnly` and the prompt offers none. */
  const example = (raw: JsonSchema, key: string, mentionedOnly: boolean): unknown => {
    const node = resolve(raw)
    if (node.const !== undefined) return node.const
    if (node.enum?.length) return enumValueOf(node, facts.text, mentionedOnly)
    const choice = (node.anyOf ?? node.oneOf)?.find((option) => resolve(option).type !== 'null')
    if (choice) return example(choice, key, mentionedOnly)
    if (node.allOf?.length) return example(Object.assign({}, ...node.allOf), key, mentionedOnly)
    return typedExample(node, key, mentionedOnly)
  }

  const typedExample = (node: JsonSchema, key: string, mentionedOnly: boolean): unknown => {
    const types = Array.isArray(node.type) ? node.type : [node.type]
    const type =
      types.find((candidate) => candidate !== undefined && candidate !== 'null') ??
      (node.properties ? 'object' : types[0])
    switch (type) {
      case 'object':
        return objectOf(node, mentionedOnly)
      case 'array':
        return listOf(node, key, mentionedOnly)
      case 'integer':
      case 'number':
        return numberOf(node, type, mentionedOnly)
      case 'boolean':
        return mentionedOnly ? undefined : (node.default ?? true)
      case 'null':
        return null
      default:
        return stringOf(node, key, mentionedOnly)
    }
  }

  const objectOf = (node: JsonSchema, mentionedOnly: boolean) => {
    if (mentionedOnly) return undefined
    const required = new Set(node.required)
    const entries = Object.entries(node.properties ?? {}).map(([key, property]) => [
      key,
      example(property, key, mode === 'arguments' && !required.has(key)),
    ])
    return Object.fromEntries(entries.filter(([, value]) => value !== undefined))
  }

  const listOf = (node: JsonSchema, key: string, mentionedOnly: boolean) => {
    const item = node.items ?? {}
    const values: unknown[] = []
    const most = node.maxItems ?? Number.POSITIVE_INFINITY
    // Every mentioned value that fits (all names for a list of places), then at least minItems.
    for (let value = example(item, key, true); values.length < most; ) {
      if (value === undefined || values.includes(value)) break
      values.push(value)
      value = example(item, key, true)
    }
    if (mentionedOnly && values.length === 0) return undefined
    while (values.length < Math.max(node.minItems ?? 1, 1) && values.length < most) {
      values.push(example(item, key, false))
    }
    return values
  }

  const numberOf = (node: JsonSchema, type: 'integer' | 'number', mentionedOnly: boolean) => {
    const mentioned = unused.numbers.shift()
    if (mentioned === undefined && mentionedOnly) return undefined
    let value = mentioned ?? (node.default as number | undefined) ?? node.minimum ?? 1
    if (type === 'integer') value = Math.round(value)
    const step = type === 'integer' ? 1 : 0.5
    const lowest = node.minimum ?? (node.exclusiveMinimum ?? Number.NEGATIVE_INFINITY) + step
    const highest = node.maximum ?? (node.exclusiveMaximum ?? Number.POSITIVE_INFINITY) - step
    return Math.min(Math.max(value, lowest), highest)
  }

  const stringOf = (node: JsonSchema, key: string, mentionedOnly: boolean) => {
    const formatted = formattedString(node.format, now)
    if (formatted !== undefined) return mentionedOnly ? undefined : formatted
    const isFreeText = freeText.test(`${key} ${node.description ?? ''}`)
    const mentioned = isFreeText
      ? (unused.quoted.shift() ?? (mentionedOnly ? undefined : facts.text))
      : (unused.names.shift() ?? unused.quoted.shift())
    if (mentioned === undefined && mentionedOnly) return undefined
    const value = mentioned ?? String(node.default ?? node.examples?.[0] ?? 'demo')
    return value.padEnd(node.minLength ?? 0, '.').slice(0, node.maxLength)
  }

  return example(schema, '', false)
}

/** The first enum value the prompt mentions, else (unless only mentioned ones count) the default. */
function enumValueOf(node: JsonSchema, text: string, mentionedOnly: boolean): unknown {
  const values = node.enum ?? []
  const mentioned = values.find(
    (value) =>
      typeof value === 'string' && new RegExp(`\\b${RegExp.escape(value)}\\b`, 'i').test(text),
  )
  if (mentioned !== undefined || mentionedOnly) return mentioned
  return node.default ?? values[0]
}

function formattedString(format: string | undefined, now: Date): string | undefined {
  switch (format) {
    case 'date-time':
      return now.toISOString()
    case 'date':
      return now.toISOString().slice(0, 10)
    case 'time':
      return now.toISOString().slice(11, 19)
    case 'email':
      return 'demo@example.com'
    case 'uri':
    case 'url':
      return 'https://example.com/'
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000'
    default:
      return undefined
  }
}
