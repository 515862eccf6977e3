/** The short reminder printed under a usage or configuration error. */
export function renderUsage(): string {
  return 'usage: ollama-openai-proxy [serve|healthcheck] [--flag value ...] (--help lists them all)\n'
}
