import { expect, test } from 'bun:test'
import { withSettingsTable } from '../scripts/settings-table.ts'

/** Markdown tables with their cell padding removed (Biome aligns the README's columns). */
const unpadded = (markdown: string) =>
  markdown
    .split('\n')
    .map((line) =>
      line.startsWith('|') ? line.replace(/ *\| */g, '|').replace(/-{3,}/g, '---') : line,
    )
    .join('\n')

test('the README configuration table lists every setting as settings.ts defines it', async () => {
  const readme = await Bun.file(new URL('../README.md', import.meta.url)).text()
  // If this fails: bun scripts/settings-table.ts --write && bun run format
  expect(unpadded(readme)).toBe(unpadded(withSettingsTable(readme)))
})
