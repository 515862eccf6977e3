import type { MutantResult } from './mutant-result.ts'
import { folderOf, summarizeByFolder } from './summarize-by-folder.ts'

const COLUMNS = [
  'mutants',
  'killed',
  'timeout',
  'survived',
  'no tests',
  'equivalent',
  'error',
  'score',
]

/** Source text on one line, cut to `width` characters. */
export function excerpt(text: string, width = 60): string {
  const line = text.replace(/\s+/g, ' ')
  return line.length > width ? `${line.slice(0, width - 1)}…` : line
}

const byPosition = (a: MutantResult, b: MutantResult) =>
  a.file.localeCompare(b.file) || a.start - b.start

/** The score table per folder, then every survivor by folder, then files no test reaches. */
export function formatReport(results: readonly MutantResult[]): string {
  const rows = summarizeByFolder(results).map(({ folder, counts, score }) => [
    folder,
    ...[
      Object.values(counts).reduce((sum, count) => sum + count, 0),
      counts.killed,
      counts.timeout,
      counts.survived,
      counts['no-tests'],
      counts.equivalent,
      counts.error,
    ].map(String),
    score === null ? '-' : `${score.toFixed(1)} %`,
  ])
  const table = [['folder', ...COLUMNS], ...rows]
  const widths =
    table[0]?.map((_, column) => Math.max(...table.map((row) => row[column]?.length ?? 0))) ?? []
  const lines = table.map((row) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  '),
  )
  const survivors = results.filter((result) => result.status === 'survived').sort(byPosition)
  if (survivors.length > 0) lines.push('', `Surviving mutants (${survivors.length})`)
  let folder = ''
  for (const survivor of survivors) {
    if (folderOf(survivor.file) !== folder) {
      folder = folderOf(survivor.file)
      const count = survivors.filter((other) => folderOf(other.file) === folder).length
      lines.push(`${folder} (${count})`)
    }
    lines.push(
      `  ${survivor.file}:${survivor.line}  ${survivor.operator}  ${excerpt(survivor.original)} → ${excerpt(survivor.replacement) || "''"}`,
    )
  }
  for (const [status, heading] of [
    ['no-tests', 'No test reaches'],
    ['error', 'Tests fail without a mutant (not scored)'],
  ] as const) {
    const files = [...new Set(results.filter((r) => r.status === status).map((r) => r.file))]
    if (files.length > 0) lines.push('', `${heading}: ${files.sort().join(', ')}`)
  }
  return lines.join('\n')
}
