import type { MutantResult } from './mutant-result.ts'

/** An entry of mutation/equivalent.json: a mutant that no test can kill, and why. */
export interface EquivalentMutant {
  file: string
  /** The mutated line, trimmed (lines move; their text rarely does). */
  line: string
  operator: string
  /** The replacement text, when the line has several mutants of the operator. */
  mutated?: string
  reason: string
}

/** The entry that declares this mutant equivalent, if any. */
export function findEquivalent(
  entries: readonly EquivalentMutant[],
  mutant: Pick<MutantResult, 'file' | 'lineText' | 'operator' | 'replacement'>,
): EquivalentMutant | undefined {
  return entries.find(
    (entry) =>
      entry.file === mutant.file &&
      entry.line.trim() === mutant.lineText &&
      entry.operator === mutant.operator &&
      (entry.mutated === undefined || entry.mutated === mutant.replacement),
  )
}
