/**
 * One server-sent event whose name is its data's `type`, as the Anthropic and OpenAI SDKs require
 * (they dispatch on the event name, and drop or reject events whose name differs).
 */
export function sseEvent<Data extends { type: string }>(data: Data): string {
  return `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`
}
