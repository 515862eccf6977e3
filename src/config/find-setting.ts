import { type SettingKey, settings } from './settings.ts'

/** The ways a setting can be named: `baseUrl`, `base-url`, `OPENAI_API_BASE_URL`. */
export type Spelling = 'key' | 'flag' | 'env'

/** What a name refers to: a setting, or (`fromFile`) the file that holds a secret setting. */
export interface SettingRef {
  key: SettingKey
  /** The name is the setting's file variant (`apiKeyFile`, `api-key-file`, `OPENAI_API_KEY_FILE`). */
  fromFile: boolean
}

export const settingKeys = Object.keys(settings) as SettingKey[]

/** Whether the setting is a secret: never logged, and also readable from a file. */
export const isSecret = (key: SettingKey): boolean => 'secret' in settings[key]

/** Whether the setting is on/off (a flag without a value, `--no-<flag>` to turn it off). */
export const isBoolean = (key: SettingKey): boolean => typeof settings[key].default === 'boolean'

/** The names of a secret setting's file variant, by spelling. */
export function fileSpellings(key: SettingKey): Record<Spelling, string> {
  return { key: `${key}File`, flag: `${settings[key].flag}-file`, env: `${settings[key].env}_FILE` }
}

const byName: Record<Spelling, Map<string, SettingRef>> = {
  key: new Map(),
  flag: new Map(),
  env: new Map(),
}
for (const key of settingKeys) {
  byName.key.set(key, { key, fromFile: false })
  byName.flag.set(settings[key].flag, { key, fromFile: false })
  byName.env.set(settings[key].env, { key, fromFile: false })
  if (isSecret(key)) {
    const file = fileSpellings(key)
    for (const spelling of ['key', 'flag', 'env'] as const) {
      byName[spelling].set(file[spelling], { key, fromFile: true })
    }
  }
}

/** The setting called `name` in one of the given spellings (all by default), if any. */
export function findSetting(
  name: string,
  spellings: readonly Spelling[] = ['key', 'flag', 'env'],
): SettingRef | undefined {
  for (const spelling of spellings) {
    const found = byName[spelling].get(name)
    if (found) return found
  }
  return undefined
}
