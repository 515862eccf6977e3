import type { ThinkSetting } from '../core/generation-request.ts'
import { OllamaError } from '../errors/ollama-error.ts'

/** Responses effort levels as think settings, as Ollama maps them (`thinkFromReasoningEffort`). */
const efforts = new Map<string, ThinkSetting>([
  ['none', false],
  ['minimal', 'low'],
  ['low', 'low'],
  ['medium', 'medium'],
  ['high', 'high'],
  ['xhigh', 'max'],
  ['ultra', 'max'],
  ['max', 'max'],
])

/** `reasoning.effort` as a think setting: absent leaves it to the model; an unknown level is a 400. */
export function mapReasoningEffort(effort: string | null | undefined): ThinkSetting | undefined {
  if (effort === undefined || effort === null) return undefined
  const think = efforts.get(effort)
  if (think === undefined) {
    throw OllamaError.badRequest(
      `invalid reasoning value: "${effort}" (must be "minimal", "low", "medium", "high", "xhigh", "ultra", "max", or "none")`,
    )
  }
  return think
}
