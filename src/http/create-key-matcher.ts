import { timingSafeEqual } from 'node:crypto'
import type { ClientKey } from '../config/parse-client-keys.ts'

const digest = (text: string) => new Bun.CryptoHasher('sha256').update(text).digest()

/**
 * Which client a presented key belongs to (its name), or undefined. Both sides are hashed and
 * compared with `timingSafeEqual`, every configured key each time: how long it takes says
 * nothing about how much of a key was right, nor which key it was close to.
 */
export function createKeyMatcher(
  keys: readonly ClientKey[],
): (presented: string) => string | undefined {
  const known = keys.map(({ name, key }) => ({ name, digest: digest(key) }))
  return (presented) => {
    const candidate = digest(presented)
    let match: string | undefined
    for (const { name, digest } of known) {
      if (timingSafeEqual(digest, candidate)) match ??= name
    }
    return match
  }
}
