import { createApp } from '../../src/app.ts'
import { configSecrets } from '../../src/config/config-secrets.ts'
import { type ConfigLayer, loadConfig } from '../../src/config/load-config.ts'
import type { SettingKey } from '../../src/config/settings.ts'
import { createLogger } from '../../src/log/logger.ts'
import { createUpstream } from '../../src/upstream/create-upstream.ts'

export interface RunningProxy {
  /** e.g. http://127.0.0.1:40123 */
  url: string
  /** Every log line written, parsed. */
  logs: Record<string, unknown>[]
  /**
   * The first log line that matches, once written (request lines are written after the response,
   * streamed ones when their stream has ended).
   */
  logLine(matches: (entry: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>
  stop(): Promise<void>
}

/** The service on a free loopback port, configured like `main.ts` does it, with `settings` on top. */
export function startProxy(
  settings: Partial<Record<SettingKey, string>>,
  server: { idleTimeout?: number } = {},
): RunningProxy {
  const layer: ConfigLayer = { describe: (key) => key, values: { upstream: 'openai', ...settings } }
  const config = loadConfig([layer])
  const logs: Record<string, unknown>[] = []
  const waiting = new Set<(entry: Record<string, unknown>) => void>()
  const logger = createLogger({
    level: 'debug',
    containerId: 'test-container',
    secrets: configSecrets(config),
    write: (line) => {
      const entry = JSON.parse(line)
      logs.push(entry)
      for (const notify of waiting) notify(entry)
    },
  })
  const logLine = (matches: (entry: Record<string, unknown>) => boolean) => {
    const written = logs.find(matches)
    if (written) return Promise.resolve(written)
    const { promise, resolve } = Promise.withResolvers<Record<string, unknown>>()
    const notify = (entry: Record<string, unknown>) => {
      if (!matches(entry)) return
      waiting.delete(notify)
      resolve(entry)
    }
    waiting.add(notify)
    return promise
  }
  const app = createApp({
    config,
    upstream: createUpstream(config),
    logger,
    containerId: 'test-container',
  })
  app.listen({ hostname: '127.0.0.1', port: 0, ...server })
  return {
    url: `http://127.0.0.1:${app.server?.port}`,
    logs,
    logLine,
    stop: async () => {
      await app.stop(true)
    },
  }
}
