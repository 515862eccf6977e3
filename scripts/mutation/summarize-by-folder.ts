import type { MutantResult, MutantStatus } from './mutant-result.ts'

export interface FolderSummary {
  /** `src/http`, or `src` for the files at the top of `src/`. */
  folder: string
  counts: Record<MutantStatus, number>
  /** Killed and timed-out mutants among those that count (equivalents and errors do not), in %. */
  score: number | null
}

/** The folder a file's mutants are counted in: the first level under its top folder. */
export function folderOf(file: string): string {
  const parts = file.split('/')
  return parts.length > 2 ? parts.slice(0, 2).join('/') : (parts[0] ?? file)
}

const noCounts = (): Record<MutantStatus, number> => ({
  killed: 0,
  timeout: 0,
  survived: 0,
  'no-tests': 0,
  equivalent: 0,
  error: 0,
})

function scoreOf(counts: Record<MutantStatus, number>): number | null {
  const detected = counts.killed + counts.timeout
  const counted = detected + counts.survived + counts['no-tests']
  return counted === 0 ? null : Math.round((detected / counted) * 1000) / 10
}

/** Counts per folder in folder order, then the total (folder `total`). */
export function summarizeByFolder(results: readonly MutantResult[]): FolderSummary[] {
  const byFolder = new Map<string, Record<MutantStatus, number>>()
  const total = noCounts()
  for (const result of results) {
    const folder = folderOf(result.file)
    const counts = byFolder.get(folder) ?? noCounts()
    counts[result.status] += 1
    total[result.status] += 1
    byFolder.set(folder, counts)
  }
  return [...[...byFolder].sort(([a], [b]) => a.localeCompare(b)), ['total', total] as const].map(
    ([folder, counts]) => ({ folder, counts, score: scoreOf(counts) }),
  )
}
