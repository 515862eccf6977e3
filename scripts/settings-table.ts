/**
 * The settings tables of README.md (variables) and docs/binary.md (flags), rendered from
 * `src/config/settings.ts`. `bun scripts/settings-table.ts --write` rewrites both between their
 * markers; a test keeps them in sync.
 */
import { fileSpellings, isBoolean, isSecret, settingKeys } from '../src/config/find-setting.ts'
import { type SettingKey, settings } from '../src/config/settings.ts'

const start = '<!-- settings-table:start -->'
const end = '<!-- settings-table:end -->'

function shownDefault(key: SettingKey, empty: string): string {
  const setting = settings[key]
  const value =
    'shown' in setting
      ? String(setting.shown)
      : Array.isArray(setting.default)
        ? setting.default.join(',')
        : String(setting.default)
  return value === '' ? empty : `\`${value}\``
}

/** README.md: every environment variable, its default and meaning. */
export function renderSettingsTable(): string {
  const rows = settingKeys.map(
    (key) =>
      `| \`${settings[key].env}\` | ${shownDefault(key, '(empty)')} | ${settings[key].description} |`,
  )
  return ['| Variable | Default | Meaning |', '|---|---|---|', ...rows].join('\n')
}

/** docs/binary.md: every flag with its variable, config file key and default (secrets twice). */
export function renderFlagTable(): string {
  const rows = settingKeys.flatMap((key) => {
    const { flag, env } = settings[key]
    const flags = isBoolean(key) ? `\`--${flag}\`, \`--no-${flag}\`` : `\`--${flag} <value>\``
    const row = `| ${flags} | \`${env}\` | \`${key}\` | ${shownDefault(key, '(none)')} |`
    if (!isSecret(key)) return [row]
    const file = fileSpellings(key)
    return [row, `| \`--${file.flag} <file>\` | \`${file.env}\` | \`${file.key}\` | (none) |`]
  })
  return [
    '| Flag | Env variable | Config file key | Default |',
    '|---|---|---|---|',
    ...rows,
    '| `--demo` | – | – | same as `--upstream demo` |',
    '| `--config <file>` | – | – | (none) |',
  ].join('\n')
}

/** `document` with the text between its markers replaced by `table`. */
export function withTable(document: string, table: string): string {
  const from = document.indexOf(start)
  const to = document.indexOf(end)
  if (from < 0 || to < from) throw new Error(`the document lacks the ${start} … ${end} markers`)
  return `${document.slice(0, from + start.length)}\n${table}\n${document.slice(to)}`
}

export const tables = { 'README.md': renderSettingsTable, 'docs/binary.md': renderFlagTable }

if (import.meta.main && process.argv.includes('--write')) {
  for (const [file, render] of Object.entries(tables)) {
    const path = new URL(`../${file}`, import.meta.url).pathname
    await Bun.write(path, withTable(await Bun.file(path).text(), render()))
  }
}
