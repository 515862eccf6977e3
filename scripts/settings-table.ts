/**
 * The README's configuration table, rendered from `src/config/settings.ts`.
 * `bun scripts/settings-table.ts --write` rewrites it in README.md; a test keeps the two in sync.
 */
import { settings } from '../src/config/settings.ts'

const start = '<!-- settings-table:start -->'
const end = '<!-- settings-table:end -->'

export function renderSettingsTable(): string {
  const rows = Object.values(settings).map((setting) => {
    const value =
      'shown' in setting
        ? setting.shown
        : Array.isArray(setting.default)
          ? setting.default.join(',')
          : String(setting.default)
    return `| \`${setting.env}\` | ${value === '' ? '(empty)' : `\`${value}\``} | ${setting.description} |`
  })
  return ['| Variable | Default | Meaning |', '|---|---|---|', ...rows].join('\n')
}

export function withSettingsTable(readme: string): string {
  const from = readme.indexOf(start)
  const to = readme.indexOf(end)
  if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} … ${end} markers`)
  return `${readme.slice(0, from + start.length)}\n${renderSettingsTable()}\n${readme.slice(to)}`
}

if (import.meta.main && process.argv.includes('--write')) {
  const path = new URL('../README.md', import.meta.url).pathname
  await Bun.write(path, withSettingsTable(await Bun.file(path).text()))
}
