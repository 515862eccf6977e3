import { dirname, join, normalize } from 'node:path'

/** Repository-relative path → the repository files it imports at run time (type imports aside). */
export type ImportGraph = Map<string, string[]>

const transpiler = new Bun.Transpiler({ loader: 'ts' })
const RESOLVED_SUFFIXES = ['', '.ts', '.tsx', '/index.ts']

/** The run-time imports between `files` (path → text); `.ts` files are scanned, others are leaves. */
export function importGraph(files: Map<string, string>): ImportGraph {
  const graph: ImportGraph = new Map()
  for (const [path, text] of files) {
    if (!path.endsWith('.ts')) continue
    const imports = transpiler
      .scanImports(text)
      .filter(({ path: specifier }) => specifier.startsWith('.'))
      .map(({ path: specifier }) => resolve(files, join(dirname(path), specifier)))
      .filter((resolved): resolved is string => resolved !== undefined)
    graph.set(path, [...new Set(imports)])
  }
  return graph
}

function resolve(files: Map<string, string>, base: string): string | undefined {
  const path = normalize(base)
  return RESOLVED_SUFFIXES.map((suffix) => path + suffix).find((candidate) => files.has(candidate))
}

/** `file` and everything it imports, directly or transitively. */
export function reachableFrom(graph: ImportGraph, file: string): Set<string> {
  const reached = new Set<string>()
  const pending = [file]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (reached.has(next)) continue
    reached.add(next)
    pending.push(...(graph.get(next) ?? []))
  }
  return reached
}

/**
 * The tests to run for a mutant of `file`: those that import it directly or transitively, the
 * co-located `x.test.ts` first, then the other tests under the file's top folder, then the rest
 * (end-to-end tests last), so that `--bail` stops at the cheapest failing test.
 */
export function selectTests(file: string, tests: Map<string, Set<string>>): string[] {
  const colocated = file.replace(/\.ts$/, '.test.ts')
  const topFolder = file.split('/')[0]
  const rank = (test: string) => (test === colocated ? 0 : test.split('/')[0] === topFolder ? 1 : 2)
  return [...tests]
    .filter(([, reached]) => reached.has(file))
    .map(([test]) => test)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
}
