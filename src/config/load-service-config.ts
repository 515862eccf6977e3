import type { RoutingSpec } from '../backends/routing-spec.ts'
import { readConfigFile } from './file-layer.ts'
import { type FlagValues, flagLayer } from './flag-layer.ts'
import { type ConfigLayer, envLayer, loadConfig } from './load-config.ts'
import { readRoutingSections } from './read-routing-sections.ts'
import type { Config, SettingKey } from './settings.ts'
import { toRoutingSpec } from './to-routing-spec.ts'

/** Where the configuration comes from; read again as a whole on reload. */
export interface ConfigSources {
  /** `--config FILE`, if given. */
  configFile: string | undefined
  env: Record<string, string | undefined>
  flags: FlagValues
}

export interface ServiceConfig {
  config: Config
  routing: RoutingSpec
}

/** Settings that describe the backend `default` (see `toRoutingSpec`). */
const flatBackendKeys: SettingKey[] = ['apiKey', 'baseUrl', 'upstream']

/**
 * The settings (defaults < config file < environment < flags) and the routing (backends, aliases,
 * fallbacks), or a ConfigError listing every problem.
 */
export function loadServiceConfig(sources: ConfigSources): ServiceConfig {
  const file = sources.configFile === undefined ? undefined : readConfigFile(sources.configFile)
  const layers: ConfigLayer[] = [
    ...(file ? [file.layer] : []),
    envLayer(sources.env),
    flagLayer(sources.flags),
  ]
  const config = loadConfig(layers)
  const fileRouting =
    file && readRoutingSections(file.sections, { file: file.path, env: sources.env, config })
  const flatBackendGiven = layers.some((layer) =>
    flatBackendKeys.some((key) => layer.values[key] !== undefined),
  )
  return { config, routing: toRoutingSpec(config, fileRouting, flatBackendGiven) }
}
