/** One server-sent event's data, as the Anthropic and Responses surfaces write them. */
export type SseEventData = { type: string; [key: string]: unknown }

/**
 * The data of each event of an SSE text whose events are `event: <type>` + one `data:` line, and
 * whose event names equal their data's type (the SDKs dispatch on the name): throws otherwise. A
 * comment (a keep-alive) comes out as `{type: 'comment', comment}`.
 */
export function sseEvents(text: string): SseEventData[] {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((event) => {
      if (event.startsWith(':')) return { type: 'comment', comment: event.slice(1).trim() }
      const [, name, data] = /^event: (\w[\w.]*)\ndata: (.*)$/.exec(event) ?? []
      const parsed = JSON.parse(data ?? 'null') as SseEventData | null
      if (parsed === null || parsed.type !== name) {
        throw new Error(`not an event named after its type: ${event}`)
      }
      return parsed
    })
}
