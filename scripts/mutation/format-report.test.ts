import { expect, test } from 'bun:test'
import { excerpt, formatReport } from './format-report.ts'
import { sampleResult as result } from './sample-result.ts'

test('excerpt puts source text on one line and cuts it', () => {
  expect(excerpt('a &&\n    b')).toBe('a && b')
  expect(excerpt('abcdef', 4)).toBe('abc…')
})

test('the report is the table per folder, the survivors by folder, then untested files', () => {
  const report = formatReport([
    result('src/http/a.ts', 'killed'),
    result('src/http/b.ts', 'survived', 7),
    {
      ...result('src/http/a.ts', 'survived', 4),
      operator: 'string',
      original: "'x'",
      replacement: "''",
    },
    result('src/main.ts', 'no-tests'),
  ])
  expect(report).toBe(
    [
      'folder    mutants  killed  timeout  survived  no tests  equivalent  error   score',
      'src             1       0        0         0         1           0      0   0.0 %',
      'src/http        3       1        0         2         0           0      0  33.3 %',
      'total           4       1        0         2         1           0      0  25.0 %',
      '',
      'Surviving mutants (2)',
      'src/http (2)',
      "  src/http/a.ts:4  string  'x' → ''",
      '  src/http/b.ts:7  equality  === → !==',
      '',
      'No test reaches: src/main.ts',
    ].join('\n'),
  )
})
