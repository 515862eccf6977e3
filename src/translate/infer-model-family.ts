/** Words in model ids that say nothing about the architecture. */
const genericWords = new Set(['text', 'chat', 'models', 'meta', 'open', 'hf'])

/**
 * The model family (Ollama's `general.architecture`) guessed from an upstream id: the first telling
 * word of its last path segment (`openai/gpt-4o` → `gpt`, `meta-llama/Llama-3-8b` → `llama`).
 */
export function inferModelFamily(id: string): string {
  const base = id.toLowerCase().split('/').at(-1)?.split(':')[0] ?? ''
  const words = base.match(/[a-z]+/g) ?? []
  return words.find((word) => !genericWords.has(word)) ?? 'unknown'
}
