import { OllamaError } from '../errors/ollama-error.ts'

/**
 * An unknown model on the Anthropic surface, with what to do about it there: Claude Code asks for
 * `claude-*` models (for background tasks and sub-agents, too) unless told which to use. (The
 * router's own message already says how to alias the name.)
 */
export function explainUnknownModel(error: OllamaError): OllamaError {
  if (error.status !== 404) return error
  return new OllamaError(
    404,
    `${error.message}; or tell Claude Code which models to use: ANTHROPIC_DEFAULT_OPUS_MODEL, ANTHROPIC_DEFAULT_SONNET_MODEL, ANTHROPIC_DEFAULT_HAIKU_MODEL and CLAUDE_CODE_SUBAGENT_MODEL`,
    { headers: { ...error.headers }, cause: error },
  )
}
