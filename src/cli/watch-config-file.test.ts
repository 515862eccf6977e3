import { afterAll, expect, test } from 'bun:test'
import { mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { watchConfigFile } from './watch-config-file.ts'

const directory = mkdtempSync(join(tmpdir(), 'watch-config-test-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

/** Resolves at the next change `watchConfigFile` reports. */
function nextChange(path: string) {
  const { promise, resolve } = Promise.withResolvers<string>()
  const stop = watchConfigFile(path, () => resolve('changed'), 5)
  return { changed: promise.finally(stop), stop }
}

test('reports a file written again', async () => {
  const path = join(directory, 'proxy.yaml')
  writeFileSync(path, 'port: 1\n')
  const { changed } = nextChange(path)
  writeFileSync(path, 'port: 22\n')
  expect(await changed).toBe('changed')
})

test('reports a symlink swapped to another file (a Kubernetes ConfigMap update)', async () => {
  const first = join(directory, 'first.yaml')
  const second = join(directory, 'second.yaml')
  writeFileSync(first, 'port: 1\n')
  writeFileSync(second, 'port: 1\n')
  const link = join(directory, 'config.yaml')
  symlinkSync(first, link)
  const { changed } = nextChange(link)
  const swap = join(directory, 'swap.yaml')
  symlinkSync(second, swap)
  renameSync(swap, link)
  expect(await changed).toBe('changed')
})

test('reports a file that went away', async () => {
  const path = join(directory, 'gone.yaml')
  writeFileSync(path, 'port: 1\n')
  const { changed } = nextChange(path)
  rmSync(path)
  expect(await changed).toBe('changed')
})
