import type { BackendRouter } from '../backends/backend-router.ts'
import { createRoutingTable } from '../backends/create-routing-table.ts'
import { type ConfigSources, loadServiceConfig } from '../config/load-service-config.ts'
import { serviceSecrets } from '../config/service-secrets.ts'
import { type Config, type SettingKey, settings } from '../config/settings.ts'
import type { Logger } from '../log/logger.ts'
import type { ProxyMetrics } from '../metrics/proxy-metrics.ts'

export interface ConfigReloaderOptions {
  sources: ConfigSources
  /** The settings in force. */
  config: Config
  router: BackendRouter
  metrics: ProxyMetrics
  logger: Logger
  /** The logger's secrets: the keys of a new configuration are added. */
  secrets: string[]
  /** Clock of the new backends' caches and breakers (ms). */
  now?: () => number
}

/** What a reload changes: the backends and their routing. The rest is read once, at start. */
const reloadable = new Set<SettingKey>([
  'upstream',
  'apiKey',
  'baseUrl',
  'dialect',
  'maxTokensParam',
  'streamUsage',
  'models',
  'modelAliases',
  'modelsCacheTtl',
  'modelsTimeout',
  'upstreamTimeout',
  'upstreamRetries',
  'circuitBreakerFailures',
  'circuitBreakerCooldown',
  'demoDelay',
])

/**
 * Reloads the configuration (file, environment and flags, read as at start): backends, aliases
 * and fallbacks are replaced for new requests; requests under way, streams included, finish on
 * the backends they started on. A configuration that does not load is refused whole, logged, and
 * the one in force stays. Settings a reload cannot change are named in a warning.
 */
export function createConfigReloader(options: ConfigReloaderOptions) {
  const { sources, router, metrics, logger } = options
  let config = options.config
  return {
    /** Returns whether the new configuration is in force. */
    reload(trigger: string): boolean {
      if (sources.configFile === undefined) {
        logger.info('nothing to reload: no --config file', { trigger })
        return false
      }
      let next: ReturnType<typeof loadServiceConfig>
      let table: ReturnType<typeof createRoutingTable>
      try {
        next = loadServiceConfig(sources)
        table = createRoutingTable(next.routing, { logger, now: options.now })
      } catch (error) {
        metrics.configReloaded('failure')
        logger.error('configuration not reloaded: the previous one stays in force', {
          trigger,
          problems: (error as Error).message.split('\n'),
        })
        return false
      }
      // Old secrets stay: requests under way may still quote them.
      for (const secret of serviceSecrets(next)) {
        if (!options.secrets.includes(secret)) options.secrets.push(secret)
      }
      router.replace(table)
      metrics.configReloaded('success')
      const needRestart = (Object.keys(settings) as SettingKey[]).filter(
        (key) =>
          !reloadable.has(key) && JSON.stringify(config[key]) !== JSON.stringify(next.config[key]),
      )
      if (needRestart.length > 0) {
        logger.warn('changed settings take effect after a restart', {
          settings: needRestart.map((key) => settings[key].env),
        })
      }
      config = next.config
      logger.info('configuration reloaded', {
        trigger,
        backends: next.routing.backends.map((backend) => backend.id),
        aliases: next.routing.aliases.length,
        fallbacks: next.routing.fallbacks.length,
      })
      void router.list().catch(() => {})
      return true
    },
  }
}
