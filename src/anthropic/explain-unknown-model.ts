import { OllamaError } from '../errors/ollama-error.ts'

/**
 * An unknown model on the Anthropic surface, with what to do about it: Claude Code asks for
 * `claude-*` models (for background tasks and sub-agents, too) unless told which to use.
 */
export function explainUnknownModel(error: OllamaError): OllamaError {
  if (error.status !== 404) return error
  return new OllamaError(
    404,
    `${error.message}: map it to a backend model with MODEL_ALIASES (e.g. MODEL_ALIASES=claude-haiku-4-5=gpt-4o-mini), or set Claude Code's ANTHROPIC_DEFAULT_OPUS_MODEL, ANTHROPIC_DEFAULT_SONNET_MODEL, ANTHROPIC_DEFAULT_HAIKU_MODEL and CLAUDE_CODE_SUBAGENT_MODEL to models the backend offers`,
    { headers: { ...error.headers }, cause: error },
  )
}
