import type { MutantResult, MutantStatus } from './mutant-result.ts'

/** A result for the report tests: an `===` → `!==` mutant of `file` at `line`. */
export const sampleResult = (file: string, status: MutantStatus, line = 1): MutantResult => ({
  file,
  status,
  line,
  column: 3,
  start: 10,
  end: 13,
  lineText: 'if (a === b) go()',
  operator: 'equality',
  original: '===',
  replacement: '!==',
})
