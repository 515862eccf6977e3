/** `prefix` and 24 random hex characters: ids for responses, items and tool calls. */
export function randomId(prefix: string): string {
  return `${prefix}${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`
}
