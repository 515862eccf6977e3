import { readFileSync } from 'node:fs'
import { type Config, type SettingKey, settings } from './settings.ts'

/** Raised when a setting is invalid; its message lists every problem, one per line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

/** One source of settings (defaults < config file < environment < flags), as raw text. */
export interface ConfigLayer {
  /** How a value from this layer is named in error messages, e.g. `env PORT` or `--port`. */
  describe: (key: SettingKey) => string
  values: Partial<Record<SettingKey, string>>
}

const settingKeys = Object.keys(settings) as SettingKey[]

/** Settings from environment variables; a secret may come from the file named by `<ENV>_FILE`. */
export function envLayer(env: Record<string, string | undefined>): ConfigLayer {
  const values: Partial<Record<SettingKey, string>> = {}
  for (const key of settingKeys) {
    const setting: { env: string; secret?: boolean } = settings[key]
    const fromFile = setting.secret ? env[`${setting.env}_FILE`] : undefined
    if (fromFile) values[key] = readSecretFile(`${setting.env}_FILE`, fromFile)
    else if (env[setting.env] !== undefined) values[key] = env[setting.env]
  }
  return { describe: (key) => settings[key].env, values }
}

function readSecretFile(variable: string, path: string): string {
  try {
    // Secret files (Docker/Kubernetes) usually end with a newline that is not part of the secret.
    return readFileSync(path, 'utf8').trim()
  } catch (error) {
    throw new ConfigError(`${variable}: cannot read ${path}: ${(error as Error).message}`)
  }
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
      const shown = 'secret' in setting ? '(hidden)' : JSON.stringify(raw)
      problems.push(`${layer.describe(key)}: ${(error as Error).message}, got ${shown}`)
    }
  }
  if (problems.length > 0) throw new ConfigError(problems.join('\n'))
  return config as Config
}
