import { readFileSync } from 'node:fs'

/**
 * How many files (sockets included) this process may open, from Linux's /proc/self/limits
 * (Bun raises the soft limit to the hard one as it starts); undefined where unknown or
 * unlimited.
 */
export function openFileLimit(
  readLimits: () => string = () => readFileSync('/proc/self/limits', 'utf8'),
): number | undefined {
  try {
    const soft = /^Max open files\s+(\d+)\s/m.exec(readLimits())?.[1]
    return soft === undefined ? undefined : Number(soft)
  } catch {
    return undefined
  }
}
