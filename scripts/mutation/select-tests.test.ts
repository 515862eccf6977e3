import { describe, expect, test } from 'bun:test'
import { importGraph, reachableFrom, selectTests } from './select-tests.ts'

const files = new Map([
  ['src/app.ts', "import { a } from './http/a.ts'\nimport type { T } from './types.ts'"],
  ['src/http/a.ts', "import { b } from '../b'\nimport { t } from 'elysia'\nexport const a = 1"],
  ['src/b.ts', "const lazy = () => import('./c/index.ts')"],
  ['src/c/index.ts', "import data from '../../package.json' with { type: 'json' }"],
  ['src/types.ts', 'export type T = string'],
  ['package.json', '{}'],
  ['src/http/a.test.ts', "import { a } from './a.ts'"],
  ['src/b.test.ts', "import { b } from './b.ts'"],
  ['test/e2e/app.test.ts', "import { startProxy } from '../support/start.ts'"],
  ['test/support/start.ts', "import { app } from '../../src/app.ts'"],
])

describe('importGraph', () => {
  test('resolves relative run-time imports to repository files; type-only and package imports aside', () => {
    const graph = importGraph(files)
    expect(graph.get('src/app.ts')).toEqual(['src/http/a.ts'])
    expect(graph.get('src/http/a.ts')).toEqual(['src/b.ts'])
    expect(graph.get('src/b.ts')).toEqual(['src/c/index.ts'])
    expect(graph.get('src/c/index.ts')).toEqual(['package.json'])
    expect(graph.has('package.json')).toBe(false)
  })
})

describe('reachableFrom', () => {
  test('is the file and everything it imports, transitively, cycles included', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c', 'a']],
      ['c', []],
    ])
    expect([...reachableFrom(graph, 'b')].sort()).toEqual(['a', 'b', 'c'])
    expect([...reachableFrom(graph, 'c')]).toEqual(['c'])
  })
})

describe('selectTests', () => {
  const graph = importGraph(files)
  const tests = new Map(
    ['test/e2e/app.test.ts', 'src/http/a.test.ts', 'src/b.test.ts'].map((test) => [
      test,
      reachableFrom(graph, test),
    ]),
  )

  test('picks the tests that reach the file: its own first, then unit tests, then the rest', () => {
    expect(selectTests('src/b.ts', tests)).toEqual([
      'src/b.test.ts',
      'src/http/a.test.ts',
      'test/e2e/app.test.ts',
    ])
    expect(selectTests('src/app.ts', tests)).toEqual(['test/e2e/app.test.ts'])
  })

  test('picks none for a file no test reaches, such as a type-only module', () => {
    expect(selectTests('src/types.ts', tests)).toEqual([])
  })
})
