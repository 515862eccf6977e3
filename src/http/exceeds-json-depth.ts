/** Where nesting changes: brackets, and quotes (whose strings are skipped). */
const structural = /["{}[\]]/g
const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const OPEN_BRACKET = 0x5b

/**
 * Whether the JSON text nests objects and arrays more than `limit` deep, found by one pass that
 * jumps from one bracket or quote to the next (a regular expression) and over whole strings
 * (`indexOf`), so brackets inside strings do not count: linear, a few milliseconds for 30 MiB,
 * and it stops at the first bracket past the limit. Run before `JSON.parse`, whose recursion a
 * deep enough text exhausts. The text need not be valid JSON: the parser judges that.
 */
export function exceedsJsonDepth(text: string, limit: number): boolean {
  let depth = 0
  structural.lastIndex = 0
  for (let found = structural.exec(text); found; found = structural.exec(text)) {
    const code = text.charCodeAt(found.index)
    if (code === QUOTE) {
      const end = closingQuote(text, found.index)
      if (end < 0) return false
      structural.lastIndex = end + 1
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > limit) return true
    } else depth--
  }
  return false
}

/** The index of the quote that ends the string opened at `start`, or -1 if it never ends. */
function closingQuote(text: string, start: number): number {
  for (let quote = text.indexOf('"', start + 1); quote >= 0; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++
    if (backslashes % 2 === 0) return quote
  }
  return -1
}
