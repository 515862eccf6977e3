import { createService } from '../../src/cli/create-service.ts'
import { type ConfigSources, loadServiceConfig } from '../../src/config/load-service-config.ts'
import type { SettingKey } from '../../src/config/settings.ts'
import { createLogger } from '../../src/log/logger.ts'
import { backendSecrets } from '../../src/upstream/backend-secrets.ts'

export interface RunningProxy {
  /** e.g. http://127.0.0.1:40123 */
  url: string
  /** Every log line written, parsed. */
  logs: Record<string, unknown>[]
  /** Reads the configuration again, as SIGHUP does; whether the new one is in force. */
  reload(): boolean
  stop(): Promise<void>
}

export interface ProxyOptions {
  /** A config file (`--config`); without one, UPSTREAM is set to openai for you. */
  configFile?: string
  env?: Record<string, string>
  /** Clock of the backends' caches and circuit breakers (ms). */
  now?: () => number
}

/**
 * The service on a free loopback port, configured as `main.ts` and `serve.ts` do it, with
 * `settings` given as flags (on top of everything else).
 */
export function startProxy(
  settings: Partial<Record<SettingKey, string>>,
  options: ProxyOptions = {},
): RunningProxy {
  const values = options.configFile ? settings : { upstream: 'openai', ...settings }
  const sources: ConfigSources = {
    configFile: options.configFile,
    env: options.env ?? {},
    flags: { values, secretFiles: {} },
  }
  const loaded = loadServiceConfig(sources)
  const logs: Record<string, unknown>[] = []
  const secrets = loaded.routing.backends.flatMap(backendSecrets)
  const logger = createLogger({
    level: 'debug',
    containerId: 'test-container',
    secrets,
    write: (line) => logs.push(JSON.parse(line)),
  })
  const { app, reloader } = createService(loaded, sources, {
    logger,
    secrets,
    containerId: 'test-container',
    now: options.now,
  })
  app.listen({ hostname: '127.0.0.1', port: 0 })
  return {
    url: `http://127.0.0.1:${app.server?.port}`,
    logs,
    reload: () => reloader.reload('test'),
    stop: async () => {
      await app.stop(true)
    },
  }
}
