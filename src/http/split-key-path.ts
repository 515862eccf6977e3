/** A path that carried a key: the key, and the path the request is really for. */
export interface KeyPath {
  key: string
  path: string
}

/**
 * `/k/<key>/api/chat` → the key and `/api/chat` (`/k/<key>` alone → `/`): the one way to give a
 * key to clients that can only be given a base URL (GitHub Copilot's Ollama provider, some UIs).
 * Other paths → undefined. A percent-encoded key is decoded.
 */
export function splitKeyPath(path: string): KeyPath | undefined {
  const match = /^\/k\/([^/]+)(\/.*)?$/.exec(path)
  if (match?.[1] === undefined) return undefined
  return { key: decoded(match[1]), path: match[2] ?? '/' }
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
