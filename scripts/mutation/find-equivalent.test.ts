import { expect, test } from 'bun:test'
import { type EquivalentMutant, findEquivalent } from './find-equivalent.ts'

const entry: EquivalentMutant = {
  file: 'src/a.ts',
  line: '  if (a === b) go()',
  operator: 'equality',
  reason: 'a and b are never equal here',
}
const mutant = {
  file: 'src/a.ts',
  lineText: 'if (a === b) go()',
  operator: 'equality',
  replacement: '!==',
} as const

test('an entry matches the mutants of its file, trimmed line text and operator', () => {
  expect(findEquivalent([entry], mutant)).toBe(entry)
  expect(findEquivalent([entry], { ...mutant, file: 'src/b.ts' })).toBeUndefined()
  expect(findEquivalent([entry], { ...mutant, lineText: 'if (a === c) go()' })).toBeUndefined()
  expect(findEquivalent([entry], { ...mutant, operator: 'negate-condition' })).toBeUndefined()
})

test('an entry with a replacement matches only that replacement', () => {
  const narrow = { ...entry, mutated: '==' }
  expect(findEquivalent([narrow], mutant)).toBeUndefined()
  expect(findEquivalent([narrow], { ...mutant, replacement: '==' })).toBe(narrow)
})
