import type { Mutant } from './find-mutants.ts'

/**
 * killed / timeout: a selected test failed, or the run hung past its time limit;
 * survived: every selected test passed; no-tests: no test reaches the file;
 * equivalent: listed in mutation/equivalent.json, not run;
 * error: the selected tests fail without any mutant, so nothing can be said.
 */
export type MutantStatus = 'killed' | 'timeout' | 'survived' | 'no-tests' | 'equivalent' | 'error'

export interface MutantResult extends Mutant {
  /** Repository-relative path of the mutated file. */
  file: string
  /** The mutated line as written, trimmed: what equivalent-mutant entries are matched on. */
  lineText: string
  status: MutantStatus
  /** Why the mutant is equivalent, from mutation/equivalent.json. */
  reason?: string
}
