import { expect, test } from 'bun:test'
import { tables, withTable } from '../scripts/settings-table.ts'

/** Markdown tables with their cell padding removed (the documents' columns are aligned). */
const unpadded = (markdown: string) =>
  markdown
    .split('\n')
    .map((line) =>
      line.startsWith('|') ? line.replace(/ *\| */g, '|').replace(/-{3,}/g, '---') : line,
    )
    .join('\n')

test.each(Object.entries(tables))(
  'the settings table of %s is as settings.ts defines it',
  async (file, render) => {
    const document = await Bun.file(new URL(`../${file}`, import.meta.url)).text()
    // If this fails: bun scripts/settings-table.ts --write
    expect(unpadded(document)).toBe(unpadded(withTable(document, render())))
  },
)
