import { readFileSync } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { ConfigError } from './config-error.ts'
import { findSetting } from './find-setting.ts'
import type { ConfigLayer } from './load-config.ts'
import { readSecretFile } from './read-secret-file.ts'
import { routingSectionKeys } from './routing-schema.ts'
import type { SettingKey } from './settings.ts'

/** A config file: its flat settings as a layer, and its structured sections, not yet validated. */
export interface ConfigFile {
  path: string
  layer: ConfigLayer
  /** `backends`, `aliases` and `fallbacks`, as found (see `readRoutingSections`). */
  sections: Record<string, unknown>
}

/**
 * Settings from a YAML or JSON file (`--config FILE`), the weakest layer above the defaults.
 *
 * The file is one mapping: flat settings, plus the structured sections `backends`, `aliases` and
 * `fallbacks` (returned as found, for `readRoutingSections`). A flat key may be spelled as the setting (`baseUrl`), its flag
 * (`base-url`) or its env variable (`OPENAI_API_BASE_URL`); a secret also as its file variant
 * (`apiKeyFile`, resolved relative to the config file). Values may be strings, numbers, booleans
 * or lists; `null` leaves the setting unset. `.json` files are read as JSON, anything else as YAML.
 */
export function readConfigFile(path: string): ConfigFile {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new ConfigError(`--config: cannot read ${path}: ${(error as Error).message}`)
  }
  const document = parseDocument(path, text)
  const values: Partial<Record<SettingKey, string>> = {}
  const names: Partial<Record<SettingKey, string>> = {}
  const sections: Record<string, unknown> = {}
  const problems: string[] = []
  for (const [name, value] of Object.entries(document)) {
    if (routingSectionKeys.includes(name)) {
      sections[name] = value
      continue
    }
    const ref = findSetting(name)
    const textValue = toText(value)
    if (ref === undefined) problems.push(`unknown setting "${name}"`)
    else if (names[ref.key] !== undefined) {
      problems.push(`"${name}" sets the same setting as "${names[ref.key]}"`)
    } else if (textValue instanceof Error) problems.push(`${name}: ${textValue.message}`)
    else if (textValue !== undefined) {
      names[ref.key] = name
      values[ref.key] = ref.fromFile
        ? readSecretFile(`${path}: ${name}`, resolve(dirname(path), textValue))
        : textValue
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(problems.map((problem) => `${path}: ${problem}`).join('\n'))
  }
  return {
    path,
    layer: { describe: (key) => `${basename(path)}: ${names[key]}`, values },
    sections,
  }
}

function parseDocument(path: string, text: string): Record<string, unknown> {
  let document: unknown
  try {
    document = path.toLowerCase().endsWith('.json') ? JSON.parse(text) : Bun.YAML.parse(text)
  } catch (error) {
    throw new ConfigError(`${path}: not valid ${formatOf(path)}: ${(error as Error).message}`)
  }
  if (document === null || document === undefined) return {}
  if (typeof document !== 'object' || Array.isArray(document)) {
    throw new ConfigError(`${path}: expected a mapping of settings at the top level`)
  }
  return document as Record<string, unknown>
}

const formatOf = (path: string) => (path.toLowerCase().endsWith('.json') ? 'JSON' : 'YAML')

/** A value from the file as the text a setting parses; undefined for null; an Error if unusable. */
function toText(value: unknown): string | undefined | Error {
  if (value === null || value === undefined) return undefined
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value) && value.every((item) => ['string', 'number'].includes(typeof item))) {
    return value.join(',')
  }
  return new Error('expected a string, number, boolean or list of strings')
}
