import { createService } from '../../src/cli/create-service.ts'
import { type ConfigSources, loadServiceConfig } from '../../src/config/load-service-config.ts'
import { serviceSecrets } from '../../src/config/service-secrets.ts'
import type { SettingKey } from '../../src/config/settings.ts'
import { createLogger } from '../../src/log/logger.ts'

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
  /** The server's idle timeout in seconds (Bun.serve's; the app's default otherwise). */
  idleTimeout?: number
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
  const waiting = new Set<(entry: Record<string, unknown>) => void>()
  const secrets = serviceSecrets(loaded)
  const logger = createLogger({
    level: 'debug',
    containerId: 'test-container',
    secrets,
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
  const { app, reloader } = createService(loaded, sources, {
    logger,
    secrets,
    containerId: 'test-container',
    now: options.now,
  })
  app.listen({
    hostname: '127.0.0.1',
    port: 0,
    ...(options.idleTimeout !== undefined && { idleTimeout: options.idleTimeout }),
  })
  return {
    url: `http://127.0.0.1:${app.server?.port}`,
    logs,
    logLine,
    reload: () => reloader.reload('test'),
    stop: async () => {
      await app.stop(true)
    },
  }
}
