/**
 * The API key a request carries in its headers: `Authorization: Bearer <key>` (OpenAI and Ollama
 * clients) or `x-api-key: <key>` (Anthropic-style clients). A key in the path is taken out by
 * `splitKeyPath` before this.
 */
export function presentedKey(headers: Headers): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '')?.[1]
  return bearer ?? (headers.get('x-api-key')?.trim() || undefined)
}
