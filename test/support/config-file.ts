import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A config file in a directory of its own; `write` replaces its content, `remove` cleans up. */
export function configFile(name = 'proxy.json') {
  const directory = mkdtempSync(join(tmpdir(), 'proxy-config-'))
  const path = join(directory, name)
  return {
    path,
    directory,
    /** Writes `content` (an object as JSON, which YAML reads too; or text as is). */
    write(content: object | string) {
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
    },
    remove: () => rmSync(directory, { recursive: true, force: true }),
  }
}

/** A loopback URL nothing listens on (a port that was free a moment ago). */
export async function closedPortUrl(): Promise<string> {
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() })
  const url = `http://127.0.0.1:${server.port}/v1`
  await server.stop(true)
  return url
}

/** Waits until `ready()` holds, checking after each turn of the event loop (at most `turns`). */
export async function until(ready: () => boolean, turns = 500): Promise<void> {
  for (let turn = 0; turn < turns && !ready(); turn++) await Bun.sleep(2)
  if (!ready()) throw new Error('the condition never held')
}
