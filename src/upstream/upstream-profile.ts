/** What the configured backend accepts beyond the standard OpenAI parameters. */
export type Dialect = 'openai' | 'openrouter' | 'vllm' | 'llamacpp'

export interface UpstreamProfile {
  dialect: Dialect
  /** Where Ollama's num_predict goes. */
  maxTokensParam: 'max_tokens' | 'max_completion_tokens'
  /** Whether streams ask for `stream_options.include_usage`. */
  streamUsage: boolean
}

/** The dialect for a configured value; `auto` recognises OpenRouter by its host. */
export function resolveDialect(configured: Dialect | 'auto', baseUrl: string): Dialect {
  if (configured !== 'auto') return configured
  return new URL(baseUrl).hostname.endsWith('openrouter.ai') ? 'openrouter' : 'openai'
}
