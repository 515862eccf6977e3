import { statSync } from 'node:fs'

/**
 * Calls `changed` when the file at `path` changes, checked every `intervalMs` by its metadata
 * (inode, size, modification time; the path is followed, so a Kubernetes ConfigMap update, which
 * swaps a symlink, counts). Polling rather than inotify: editors that replace the file, and
 * mounted volumes, are seen the same way. Returns a function that stops watching.
 */
export function watchConfigFile(path: string, changed: () => void, intervalMs = 1000): () => void {
  const signature = () => {
    const stats = statSync(path, { throwIfNoEntry: false })
    return stats ? `${stats.ino}:${stats.size}:${stats.mtimeMs}` : 'missing'
  }
  let last = signature()
  const timer = setInterval(() => {
    const current = signature()
    if (current === last) return
    last = current
    changed()
  }, intervalMs).unref()
  return () => clearInterval(timer)
}
