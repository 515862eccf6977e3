/** Secrets shorter than this are not redacted: they would match ordinary words. */
const shortestSecret = 4

/** A function that replaces every occurrence of the given secrets in a text with `[redacted]`. */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const kept = [...new Set(secrets.filter((secret) => secret.length >= shortestSecret))]
    // Longer first, so that a secret containing another is removed whole.
    .sort((a, b) => b.length - a.length)
  if (kept.length === 0) return (text) => text
  return (text) => {
    let redacted = text
    for (const secret of kept) {
      if (redacted.includes(secret)) redacted = redacted.replaceAll(secret, '[redacted]')
    }
    return redacted
  }
}
