import { expect, test } from 'bun:test'
import { withSettingsTable } from '../scripts/settings-table.ts'

test('the README configuration table lists every setting as settings.ts defines it', async () => {
  const readme = await Bun.file(new URL('../README.md', import.meta.url)).text()
  // If this fails: bun scripts/settings-table.ts --write
  expect(readme).toBe(withSettingsTable(readme))
})
