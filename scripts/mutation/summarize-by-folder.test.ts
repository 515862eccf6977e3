import { describe, expect, test } from 'bun:test'
import { sampleResult as result } from './sample-result.ts'
import { folderOf, summarizeByFolder } from './summarize-by-folder.ts'

test('folderOf is the first folder under src/, or src itself for its top files', () => {
  expect(folderOf('src/http/cors.ts')).toBe('src/http')
  expect(folderOf('src/docs/deep/er.ts')).toBe('src/docs')
  expect(folderOf('src/app.ts')).toBe('src')
})

describe('summarizeByFolder', () => {
  test('counts each status per folder and scores detected among counted mutants', () => {
    const summaries = summarizeByFolder([
      result('src/http/a.ts', 'killed'),
      result('src/http/b.ts', 'timeout'),
      result('src/http/b.ts', 'survived'),
      result('src/app.ts', 'no-tests'),
      result('src/http/a.ts', 'equivalent'),
      result('src/http/a.ts', 'error'),
    ])
    expect(summaries).toEqual([
      {
        folder: 'src',
        counts: { killed: 0, timeout: 0, survived: 0, 'no-tests': 1, equivalent: 0, error: 0 },
        score: 0,
      },
      {
        folder: 'src/http',
        counts: { killed: 1, timeout: 1, survived: 1, 'no-tests': 0, equivalent: 1, error: 1 },
        score: 66.7,
      },
      {
        folder: 'total',
        counts: { killed: 1, timeout: 1, survived: 1, 'no-tests': 1, equivalent: 1, error: 1 },
        score: 50,
      },
    ])
  })

  test('has no score where nothing counts', () => {
    expect(summarizeByFolder([result('src/a/b.ts', 'equivalent')])[0]?.score).toBeNull()
  })
})
