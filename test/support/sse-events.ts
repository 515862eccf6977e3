import { expect } from 'bun:test'

/**
 * The data of every server-sent event in `text`, in order, after checking that each event's name
 * equals its data's `type` (as the SDKs require). Comment lines are kept as `{comment}`.
 */
export function sseEvents(text: string): Record<string, unknown>[] {
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      if (block.startsWith(':')) return { comment: block.slice(1).trim() }
      const [eventLine, dataLine, ...rest] = block.split('\n')
      expect(rest).toEqual([])
      const data = JSON.parse(dataLine?.replace(/^data: /, '') ?? '') as Record<string, unknown>
      expect(eventLine).toBe(`event: ${data.type}`)
      return data
    })
}
