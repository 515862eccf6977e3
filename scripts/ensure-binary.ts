import { readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { buildHostBinary, hostBinary, root } from './build.ts'

/** Newest modification time among the files the binary is built from. */
function newestSourceTime(): number {
  const sources = ['package.json', 'bun.lock', 'scripts/build.ts']
  for (const entry of readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) sources.push(join(entry.parentPath, entry.name))
  }
  return Math.max(...sources.map((file) => statSync(resolve(root, file)).mtimeMs))
}

let ensuring: Promise<string> | undefined

/**
 * dist/ollama-openai-proxy, built first unless it is newer than every source file. Checked and
 * built once per process (test files share it).
 */
export function ensureHostBinary(): Promise<string> {
  ensuring ??= (async () => {
    const built = statSync(hostBinary, { throwIfNoEntry: false })
    if (built === undefined || built.mtimeMs < newestSourceTime()) await buildHostBinary()
    return hostBinary
  })()
  return ensuring
}

if (import.meta.main) process.stdout.write(`${await ensureHostBinary()}\n`)
