/** A key a client may present, and the name logs show for it (never the key). */
export interface ClientKey {
  name: string
  key: string
}

/** Long enough not to be guessed; characters that survive a header and a URL path unescaped. */
const keyPattern = /^[A-Za-z0-9._~+=-]{16,}$/
const namePattern = /^[A-Za-z0-9._@-]{1,64}$/

/**
 * `API_KEYS` (or the content of `API_KEYS_FILE`): keys separated by commas or line breaks, each
 * optionally named, `name:key`. Blank entries and lines starting with `#` are skipped. A key
 * without a name is called `key-<position>` (`key-1` for the first entry), a label that says
 * nothing about the key itself. Messages never quote a key.
 */
export function parseClientKeys(text: string): ClientKey[] {
  const entries = text
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  const keys = entries.map((entry, index) => {
    const colon = entry.indexOf(':')
    const name = colon < 0 ? `key-${index + 1}` : entry.slice(0, colon).trim()
    const key = colon < 0 ? entry : entry.slice(colon + 1).trim()
    if (!namePattern.test(name)) {
      throw new Error(
        `entry ${index + 1}: a name (before ":") must be 1 to 64 of A-Z a-z 0-9 . _ @ -`,
      )
    }
    if (!keyPattern.test(key)) {
      throw new Error(
        `entry ${index + 1}${colon < 0 ? '' : ` (${name})`}: a key must be at least 16 of A-Z a-z 0-9 . _ ~ + = - (e.g. openssl rand -hex 32)`,
      )
    }
    return { name, key }
  })
  const names = new Set<string>()
  const seen = new Set<string>()
  for (const { name, key } of keys) {
    if (names.has(name)) throw new Error(`the name ${name} is given to two keys`)
    if (seen.has(key)) throw new Error(`a key is listed twice (the second time as ${name})`)
    names.add(name)
    seen.add(key)
  }
  return keys
}
