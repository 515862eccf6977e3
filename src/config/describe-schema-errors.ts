/** One failed check, as TypeBox's `Errors()` yields them. */
export interface SchemaError {
  path: string
  message: string
  schema: { error?: unknown }
}

/**
 * Failed checks as `path.in.document: what is wrong`, one per path (the first): the schema's own
 * `error` text when it has one, else TypeBox's message ("unknown key" for an unexpected one).
 */
export function describeSchemaErrors(errors: Iterable<SchemaError>): string[] {
  const byPath = new Map<string, string>()
  for (const error of errors) {
    const path = toDottedPath(error.path)
    if (byPath.has(path)) continue
    byPath.set(path, `${path || '(top level)'}: ${reasonOf(error)}`)
  }
  return [...byPath.values()]
}

function reasonOf(error: SchemaError): string {
  if (typeof error.schema.error === 'string') return error.schema.error
  if (error.message === 'Unexpected property') return 'unknown key'
  return error.message.charAt(0).toLowerCase() + error.message.slice(1)
}

/** `/aliases/or~1x/model` as `aliases.or/x.model`. */
function toDottedPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join('.')
}
