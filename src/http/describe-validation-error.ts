import { ValueErrorType } from '@sinclair/typebox/errors'

/** The parts of a JSON Schema a validation message is made from. */
export interface SchemaShape {
  type?: unknown
  title?: unknown
  const?: unknown
  anyOf?: readonly SchemaShape[]
  items?: SchemaShape
  format?: unknown
  error?: unknown
}

/** One failed check, as TypeBox (and Elysia's validation error) lists them. */
export interface ValidationIssue {
  path: string
  message: string
  /** The value that failed: present, and undefined, for a missing field. */
  value?: unknown
  type?: number
  schema?: SchemaShape
}

/** Failures where the value has the wrong type: the message says which type was expected. */
const wrongType = new Set<number>([
  ValueErrorType.Array,
  ValueErrorType.Boolean,
  ValueErrorType.Integer,
  ValueErrorType.Literal,
  ValueErrorType.Number,
  ValueErrorType.Object,
  ValueErrorType.String,
  ValueErrorType.Union,
])

/**
 * A one-line message for a request that failed schema validation, naming the outermost field
 * that is wrong: the schema's own error text when it has one (`top_logprobs must be between 0 and
 * 20`), else what the field must be (`messages must be a list of messages`, `messages[0].role is
 * required`).
 */
export function describeValidationError(issues: readonly ValidationIssue[]): string {
  const issue = issues[0]
  if (issue === undefined) return 'invalid request body'
  const { schema } = issue
  if (typeof schema?.error === 'string') return schema.error
  const field = fieldName(issue.path)
  const reason = issue.message.charAt(0).toLowerCase() + issue.message.slice(1)
  if (!field) return `invalid request body: ${reason}`
  const missing =
    issue.type === ValueErrorType.ObjectRequiredProperty ||
    ('value' in issue && issue.value === undefined)
  if (missing) return `${field} is required`
  if (schema && issue.type !== undefined && wrongType.has(issue.type)) {
    return `${field} must be ${describeType(schema)}`
  }
  return `invalid value for "${field}": ${reason}`
}

/** `/messages/0/images/1` → `messages[0].images[1]` */
function fieldName(path: string): string {
  return path
    .split('/')
    .filter(Boolean)
    .map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('')
}

function describeType(schema: SchemaShape): string {
  if (schema.anyOf) {
    const choices = schema.anyOf.filter((choice) => !isAbsentOrCoerced(choice)).map(describeType)
    return [...new Set(choices)].join(' or ')
  }
  if (schema.const !== undefined) return JSON.stringify(schema.const)
  switch (schema.type) {
    case 'string':
      return 'a string'
    case 'number':
      return 'a number'
    case 'integer':
      return 'an integer'
    case 'boolean':
      return 'true or false'
    case 'array':
      return schema.items ? `a list of ${pluralOf(schema.items)}` : 'a list'
    case 'object':
      return typeof schema.title === 'string' ? `a ${schema.title} object` : 'an object'
    default:
      return 'a valid value'
  }
}

/**
 * Null (which means absent), and the numeric strings Elysia's `t.Integer` and `t.Numeric` also
 * accept (meant for query strings): a message names the number.
 */
function isAbsentOrCoerced(schema: SchemaShape): boolean {
  return (
    schema.type === 'null' ||
    (schema.type === 'string' && (schema.format === 'integer' || schema.format === 'numeric'))
  )
}

function pluralOf(schema: SchemaShape): string {
  if (typeof schema.title === 'string') return `${schema.title}s`
  switch (schema.type) {
    case 'string':
      return 'strings'
    case 'number':
    case 'integer':
      return 'numbers'
    case 'object':
      return 'objects'
    default:
      return 'values'
  }
}
