/** The delta fields backends put reasoning text in, in order of preference. */
const reasoningFields = ['reasoning_content', 'reasoning'] as const

/**
 * A reader of reasoning text from successive stream deltas. Backends name the field
 * `reasoning_content` (DeepSeek, llama.cpp) or `reasoning` (OpenRouter, vLLM, Ollama), and some send
 * both with the same text: the reader settles on the first field that carries text and reads only
 * that one for the rest of the stream, so nothing is doubled.
 */
export function createReasoningReader(): (delta: object) => string {
  let field: (typeof reasoningFields)[number] | undefined
  return (delta) => {
    const fields = delta as Partial<Record<(typeof reasoningFields)[number], unknown>>
    if (field !== undefined) {
      const text = fields[field]
      return typeof text === 'string' ? text : ''
    }
    for (const candidate of reasoningFields) {
      const text = fields[candidate]
      if (typeof text === 'string' && text !== '') {
        field = candidate
        return text
      }
    }
    return ''
  }
}
