/** One failed check, as Elysia's validation error lists them. */
export interface ValidationIssue {
  path: string
  message: string
  schema?: { error?: unknown }
}

/**
 * A one-line message for a request that failed schema validation: the schema's own error text when
 * it has one (e.g. `top_logprobs must be between 0 and 20`), else which field was wrong and why.
 */
export function describeValidationError(issues: readonly ValidationIssue[]): string {
  const issue = issues[0]
  if (issue === undefined) return 'invalid request body'
  if (typeof issue.schema?.error === 'string') return issue.schema.error
  const field = issue.path.replace(/^\//, '').replaceAll('/', '.')
  const reason = issue.message.charAt(0).toLowerCase() + issue.message.slice(1)
  return field ? `invalid value for "${field}": ${reason}` : `invalid request body: ${reason}`
}
