import type { ConfigLayer } from './load-config.ts'
import { readSecretFile } from './read-secret-file.ts'
import { type SettingKey, settings } from './settings.ts'

/** Settings given on the command line, as `parseArgs` collected them. */
export interface FlagValues {
  /** Raw text by setting, e.g. `{ port: '11500' }` from `--port 11500`. */
  values: Partial<Record<SettingKey, string>>
  /** Secret settings to read from a file, e.g. `{ apiKey: '/run/secrets/key' }` from `--api-key-file`. */
  secretFiles: Partial<Record<SettingKey, string>>
}

/** The command-line layer, the strongest one; secret files named by `--<flag>-file` are read now. */
export function flagLayer(flags: FlagValues): ConfigLayer {
  const values = { ...flags.values }
  for (const [key, path] of Object.entries(flags.secretFiles) as [SettingKey, string][]) {
    values[key] = readSecretFile(`--${settings[key].flag}-file`, path)
  }
  return { describe: (key) => `--${settings[key].flag}`, values }
}
