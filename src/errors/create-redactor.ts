/** Secrets shorter than this are not redacted: they would match ordinary words. */
const shortestSecret = 4

/**
 * A function that replaces every occurrence of the given secrets in a text with `[redacted]`.
 * The list is live: secrets added to it later (a reloaded configuration's keys) are redacted too.
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
      if (redacted.includes(secret)) redacted = redacted.replaceAll(secret, '[redacted]')
    }
    return redacted
  }
}
