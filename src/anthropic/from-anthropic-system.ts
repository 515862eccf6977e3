import type { MessagesRequest } from './schemas.ts'

/**
 * Claude Code starts its system prompt with a billing line whose `cch=` value changes on every
 * request (`x-anthropic-billing-header: cc_version=…; cc_entrypoint=cli; cch=3f9a1;`): sent as
 * it is, it would defeat the backend's prompt cache at the first line. The value is replaced by a
 * constant, as llama.cpp does.
 */
const billingChecksum = /^(x-anthropic-billing-header:[^\n]*?\bcch=)[^;\s]*/m

/** The system prompt as one text: blocks joined with a blank line, the billing line normalised. */
export function fromAnthropicSystem(system: MessagesRequest['system']): string {
  const text =
    typeof system === 'string' ? system : (system ?? []).map((block) => block.text).join('\n\n')
  return text.replace(billingChecksum, '$100000')
}
