import { ConfigError } from './config-error.ts'
import { fileSpellings, isSecret, settingKeys } from './find-setting.ts'
import { readSecretFile } from './read-secret-file.ts'
import type { Config, SettingKey } from './settings.ts'
import { settings } from './settings.ts'

export { ConfigError }

/** One source of settings (defaults < config file < environment < flags), as raw text. */
export interface ConfigLayer {
  /** How a value from this layer is named in error messages, e.g. `env PORT` or `--port`. */
  describe: (key: SettingKey) => string
  values: Partial<Record<SettingKey, string>>
}

/**
 * Settings from environment variables; a secret may come from the file named by `<ENV>_FILE`. An
 * empty variable counts as unset (`PORT=` in an .env file, `${PORT:-}` in compose).
 */
export function envLayer(env: Record<string, string | undefined>): ConfigLayer {
  const values: Partial<Record<SettingKey, string>> = {}
  for (const key of settingKeys) {
    const variable = settings[key].env
    const fileVariable = fileSpellings(key).env
    const fromFile = isSecret(key) ? env[fileVariable] : undefined
    if (fromFile) values[key] = readSecretFile(fileVariable, fromFile)
    else if (env[variable]) values[key] = env[variable]
  }
  return { describe: (key) => settings[key].env, values }
}

/** Resolves every setting from its layers, later layers winning, or throws a ConfigError. */
export function loadConfig(layers: ConfigLayer[]): Config {
  const config: Record<string, unknown> = {}
  const problems: string[] = []
  for (const key of settingKeys) {
    const setting = settings[key]
    const layer = layers.findLast((candidate) => candidate.values[key] !== undefined)
    const raw = layer?.values[key]
    if (layer === undefined || raw === undefined) {
      config[key] = setting.default
      continue
    }
    try {
      config[key] = setting.parse(raw)
    } catch (error) {
      const shown = isSecret(key) ? '(hidden)' : JSON.stringify(raw)
      problems.push(`${layer.describe(key)}: ${(error as Error).message}, got ${shown}`)
    }
  }
  if (problems.length > 0) throw new ConfigError(problems.join('\n'))
  return config as Config
}
