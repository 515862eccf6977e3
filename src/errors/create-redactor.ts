/** Secrets shorter than this are not redacted: they would match ordinary words. */
const shortestSecret = 4

/**
 * How much of a secret's beginning gives it away: text cut short (an upstream message quoted up
 * to a length) may end inside a secret, and that part is redacted too.
 */
const tellingPrefix = 12

/**
 * A function that replaces every occurrence of the given secrets in a text with `[redacted]`, and
 * every run of at least their first 12 characters (a secret cut short). The list is live: secrets
 * added to it later (a reloaded configuration's keys) are redacted too.
 */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  let seen = -1
  let kept: string[] = []
  return (text) => {
    if (secrets.length !== seen) {
      seen = secrets.length
      kept = [...new Set(secrets.filter((secret) => secret.length >= shortestSecret))]
        // Longer first, so that a secret containing another is removed whole.
        .sort((a, b) => b.length - a.length)
    }
    let redacted = text
    for (const secret of kept) {
      const head = secret.slice(0, tellingPrefix)
      if (redacted.includes(head)) redacted = redactRuns(redacted, secret, head)
    }
    return redacted
  }
}

/** `text` with each run that starts with `head` and goes on as `secret` does replaced. */
function redactRuns(text: string, secret: string, head: string): string {
  let redacted = ''
  let from = 0
  for (let at = text.indexOf(head); at >= 0; at = text.indexOf(head, from)) {
    let end = at + head.length
    while (end - at < secret.length && text[end] === secret[end - at]) end++
    redacted += `${text.slice(from, at)}[redacted]`
    from = end
  }
  return redacted + text.slice(from)
}
