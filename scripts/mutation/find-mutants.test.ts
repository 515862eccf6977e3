import { describe, expect, test } from 'bun:test'
import { applyMutant, findMutants } from './find-mutants.ts'

/** Each mutant as `operator: mutated source`, the readable form of what would be run. */
const mutated = (source: string) =>
  findMutants(source).map((mutant) => `${mutant.operator}: ${applyMutant(source, mutant)}`)

describe('findMutants', () => {
  test('gives the operator, position, original and replacement of each mutant', () => {
    expect(findMutants('let a\nif (a < 1) a++')).toEqual([
      {
        operator: 'boundary',
        line: 2,
        column: 7,
        start: 12,
        end: 13,
        original: '<',
        replacement: '<=',
      },
      {
        operator: 'negate-relational',
        line: 2,
        column: 7,
        start: 12,
        end: 13,
        original: '<',
        replacement: '>=',
      },
      {
        operator: 'number',
        line: 2,
        column: 9,
        start: 14,
        end: 15,
        original: '1',
        replacement: '0',
      },
      {
        operator: 'remove-statement',
        line: 2,
        column: 12,
        start: 17,
        end: 20,
        original: 'a++',
        replacement: '{}',
      },
      {
        operator: 'update',
        line: 2,
        column: 13,
        start: 18,
        end: 20,
        original: '++',
        replacement: '--',
      },
    ])
  })

  test('flips equality, comparison, arithmetic and logical operators', () => {
    expect(mutated('const x = a === b && c >= d')).toEqual([
      'equality: const x = a !== b && c >= d',
      'logical: const x = a === b || c >= d',
      'boundary: const x = a === b && c > d',
      'negate-relational: const x = a === b && c < d',
    ])
    expect(mutated('const x = a * b - c')).toEqual([
      'arithmetic: const x = a / b - c',
      'arithmetic: const x = a * b + c',
    ])
  })

  test('leaves string concatenation to the string mutants', () => {
    expect(mutated("const x = 'id-' + n")).toEqual(["string: const x = '' + n"])
  })

  test('drops the fallback of ??, keeping the parentheses of the left side', () => {
    expect(mutated('const x = (a || b) ?? c')).toEqual([
      'nullish-fallback: const x = (a || b)',
      'logical: const x = (a && b) ?? c',
    ])
  })

  test('negates conditions, but not comparisons or negations, which have their own mutants', () => {
    expect(mutated('if (ready) go()')).toEqual([
      'negate-condition: if (!(ready)) go()',
      'remove-statement: if (ready) {}',
    ])
    expect(mutated('const y = !(a && b) ? 1 : 2')).toEqual([
      'remove-negation: const y = (a && b) ? 1 : 2',
      'logical: const y = !(a || b) ? 1 : 2',
      'number: const y = !(a && b) ? 0 : 2',
      'number: const y = !(a && b) ? 1 : 3',
    ])
    expect(mutated('while (a === b) {}')).toEqual(['equality: while (a !== b) {}'])
  })

  test('changes literals: booleans, numbers, strings, templates, arrays and regular expressions', () => {
    expect(mutated('use(true, 0, 41, "", `at`, [1])')).toEqual([
      'remove-statement: {}',
      'boolean: use(false, 0, 41, "", `at`, [1])',
      'number: use(true, 1, 41, "", `at`, [1])',
      'number: use(true, 0, 42, "", `at`, [1])',
      `string: use(true, 0, 41, 'mutated', \`at\`, [1])`,
      'string: use(true, 0, 41, "", ``, [1])',
      'array: use(true, 0, 41, "", `at`, [])',
      'number: use(true, 0, 41, "", `at`, [0])',
    ])
    expect(mutated('const r = /^a[^b]$/i')).toEqual([
      'regex: const r = /a[^b]$/i',
      'regex: const r = /^a[^b]/i',
      'regex: const r = /^a[b]$/i',
      'regex: const r = /^a[^b]$/',
    ])
  })

  test('returns undefined instead of a value, from functions and named arrow functions', () => {
    expect(mutated('function f() { return g }\nconst h = () => ({ a })')).toEqual([
      'return-value: function f() { return undefined }\nconst h = () => ({ a })',
      'return-value: function f() { return g }\nconst h = () => (undefined)',
    ])
    expect(mutated('function f() { return undefined }')).toEqual([])
  })

  test('removes calls, assignments, awaits and yields used as statements', () => {
    expect(
      mutated('async function* f() {\n  await save()\n  x = 1\n  yield x\n  super_ok\n}'),
    ).toEqual([
      'remove-statement: async function* f() {\n  {}\n  x = 1\n  yield x\n  super_ok\n}',
      'remove-statement: async function* f() {\n  await save()\n  {}\n  yield x\n  super_ok\n}',
      'number: async function* f() {\n  await save()\n  x = 0\n  yield x\n  super_ok\n}',
      'remove-statement: async function* f() {\n  await save()\n  x = 1\n  {}\n  super_ok\n}',
    ])
  })

  test('removes optional chaining from members, computed members and calls', () => {
    expect(mutated('const x = a?.b?.[k]?.()')).toEqual([
      'optional-chaining: const x = a.b?.[k]?.()',
      'optional-chaining: const x = a?.b[k]?.()',
      'optional-chaining: const x = a?.b?.[k]()',
    ])
  })

  test('removes an abort signal from call arguments and option objects, with its comma', () => {
    expect(mutated('f(body, signal)')).toEqual(['remove-statement: {}', 'remove-signal: f(body)'])
    expect(mutated('f(request.signal, body)')).toEqual([
      'remove-statement: {}',
      'remove-signal: f(body)',
    ])
    expect(mutated('new Thing({ timeout, signal: controller.signal })')).toEqual([
      'remove-signal: new Thing({ timeout })',
    ])
  })

  test('swaps look-alike methods and drops filtering, sorting and slicing calls', () => {
    expect(mutated('const x = s.startsWith(p) && list.filter(ok).some(y)')).toEqual([
      'method: const x = s.endsWith(p) && list.filter(ok).some(y)',
      'logical: const x = s.startsWith(p) || list.filter(ok).some(y)',
      'method: const x = s.startsWith(p) && list.some(y)',
      'method: const x = s.startsWith(p) && list.filter(ok).every(y)',
    ])
  })

  test('leaves types, import paths, object keys and doc prose alone', () => {
    const source = [
      "import { t } from './t.ts'",
      "export { u } from './u.ts'",
      "type Mode = 'a' | 'b'",
      'interface Shape { size: 1 }',
      "const mode = (m as 'a') satisfies Mode",
      "const schema = t.Number({ description: 'Prose', examples: [1], 'x-key': 2, error: 'bad' })",
      'const load = () => import("./lazy.ts")',
    ].join('\n')
    expect(
      findMutants(source).map(({ line, original, replacement }) => [line, original, replacement]),
    ).toEqual([
      [6, '2', '3'],
      [6, "'bad'", "''"],
      [7, 'import("./lazy.ts")', 'undefined'],
    ])
  })

  test('drops a mutant whose result does not parse', () => {
    // Without its anchor, /^/ would become `//`: a comment, and `r =` a syntax error.
    expect(mutated('const r = /^/')).toEqual([])
  })
})

test('applyMutant replaces the mutant’s span of the source', () => {
  expect(applyMutant('a < b', { start: 2, end: 3, replacement: '>=' })).toBe('a >= b')
})
