import { createApp } from '../../src/app.ts'
import { type ConfigLayer, loadConfig } from '../../src/config/load-config.ts'
import type { SettingKey } from '../../src/config/settings.ts'
import { createLogger } from '../../src/log/logger.ts'
import { createUpstream } from '../../src/upstream/create-upstream.ts'

export interface RunningProxy {
  /** e.g. http://127.0.0.1:40123 */
  url: string
  /** Every log line written, parsed. */
  logs: Record<string, unknown>[]
  stop(): Promise<void>
}

/** The service on a free loopback port, configured like `main.ts` does it, with `settings` on top. */
export function startProxy(
  settings: Partial<Record<SettingKey, string>>,
  options: { keepAliveMs?: number } = {},
): RunningProxy {
  const layer: ConfigLayer = { describe: (key) => key, values: { upstream: 'openai', ...settings } }
  const config = loadConfig([layer])
  const logs: Record<string, unknown>[] = []
  const logger = createLogger({
    level: 'debug',
    containerId: 'test-container',
    secrets: [config.apiKey],
    write: (line) => logs.push(JSON.parse(line)),
  })
  const app = createApp({
    config,
    upstream: createUpstream(config),
    logger,
    containerId: 'test-container',
    ...options,
  })
  app.listen({ hostname: '127.0.0.1', port: 0 })
  return {
    url: `http://127.0.0.1:${app.server?.port}`,
    logs,
    stop: async () => {
      await app.stop(true)
    },
  }
}
