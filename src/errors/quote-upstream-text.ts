/** The most characters of upstream text an error message quotes. */
export const maxQuotedLength = 500

/**
 * Upstream text made fit to quote in an error message: an HTML page reduced to its title (or its
 * text), whitespace collapsed, cut to `maxQuotedLength` characters. Error pages of proxies and
 * gateways can be megabytes of markup; clients need a line.
 */
export function quoteUpstreamText(text: string): string {
  let quoted = text
  if (/^\s*<(!doctype|html|head|body|\?xml)/i.test(quoted)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(quoted)?.[1]
    quoted =
      title ?? quoted.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')
  }
  quoted = quoted.replace(/\s+/g, ' ').trim()
  return quoted.length > maxQuotedLength ? `${quoted.slice(0, maxQuotedLength)}…` : quoted
}
