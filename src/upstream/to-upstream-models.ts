import { OllamaError } from '../errors/ollama-error.ts'
import type { UpstreamModel } from './upstream.ts'

/**
 * The models of an upstream's `/models` answer: OpenAI's `{"data": [...]}`, or a bare list as some
 * servers send. Anything else — another shape, an entry without a string id — is a 502 that says
 * what was wrong, never a silently empty list.
 */
export function toUpstreamModels(answer: unknown): UpstreamModel[] {
  const list = Array.isArray(answer) ? answer : (answer as { data?: unknown } | null)?.data
  if (!Array.isArray(list)) {
    throw invalid('expected {"data": [...]}')
  }
  for (const [index, model] of list.entries()) {
    const id = (model as { id?: unknown } | null)?.id
    if (typeof id !== 'string' || id === '') {
      throw invalid(`entry ${index} has no string id`)
    }
  }
  return list as UpstreamModel[]
}

const invalid = (problem: string) =>
  new OllamaError(502, `the upstream's model list (/models) is not valid: ${problem}`, {
    kind: 'upstream_invalid',
  })
