/**
 * How an upstream model id is listed to Ollama clients: with a tag, as Ollama names every model
 * (`gpt-4o` → `gpt-4o:latest`). Ids that already carry a tag (OpenRouter's `…:free`) stay as they are.
 */
export function toOllamaModelName(id: string): string {
  return id.includes(':') ? id : `${id}:latest`
}
