/**
 * Mutation testing of src/: `bun run mutation [paths…] [flags]`. Not part of CI (a full run takes
 * tens of minutes); the README's development section carries the last baseline.
 *
 * Each mutant (scripts/mutation/find-mutants.ts: one operator flip, negated condition, changed
 * literal or return value, removed statement, `?.` or `signal` argument) is written into a
 * temporary copy of the tree — one copy per job, never the work tree — and only the tests that
 * import the mutated file directly or transitively run against it (`bun test --bail`, the
 * co-located test first, end-to-end tests last). A test failing kills the mutant; a run that hangs
 * past its time limit, or a test that times out, kills it by timeout; all passing: it survived.
 *
 * Results are cached in artifacts/mutation/cache.json, per file, under a hash of the file, the
 * selected test files and every file those tests import: a rerun only runs what changed. Mutants
 * listed in mutation/equivalent.json (file, line text, operator, optional replacement, reason)
 * are not run and not scored. The report goes to stdout and artifacts/mutation/report.json.
 *
 * Paths (files or folders, e.g. src/http) narrow the run, as do the flags:
 *   --files GLOB        only files matching the glob (repeatable), e.g. 'src/services/*.ts'
 *   --max-per-file N    a fixed sample of N mutants per file (the same sample on every run)
 *   --jobs N            parallel test runs (default 2; this project's machines have 2 cores)
 *   --force             ignore the cache
 */
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { Subprocess } from 'bun'
import { type EquivalentMutant, findEquivalent } from './mutation/find-equivalent.ts'
import { applyMutant, findMutants, type Mutant } from './mutation/find-mutants.ts'
import { formatReport } from './mutation/format-report.ts'
import type { MutantResult, MutantStatus } from './mutation/mutant-result.ts'
import { importGraph, reachableFrom, selectTests } from './mutation/select-tests.ts'
import { summarizeByFolder } from './mutation/summarize-by-folder.ts'

const root = resolve(import.meta.dir, '..')
const artifacts = join(root, 'artifacts', 'mutation')
const cachePath = join(artifacts, 'cache.json')
const reportPath = join(artifacts, 'report.json')
const equivalentPath = join(root, 'mutation', 'equivalent.json')
/** Tests that need a compiled binary, a Docker engine or a browser: not run per mutant. */
const excludedTests = ['test/binary/**', 'test/docker/**', '**/*.browser.test.ts'].map(
  (pattern) => new Bun.Glob(pattern),
)
/** bun's per-test time limit in mutant runs: a test that waits longer kills the mutant. */
const testTimeoutMs = 5_000
const say = (line: string) => process.stderr.write(`${line}\n`)

interface FileCache {
  key: string
  mutants: Record<string, MutantStatus>
}
interface Cache {
  version: 1
  files: Record<string, FileCache>
}
/** A mutant to run: its result (filled in), the file's text and the tests selected for it. */
interface Job {
  result: MutantResult
  source: string
  tests: string[]
  cache: FileCache
}

const { values: flags, positionals: paths } = parseArgs({
  args: Bun.argv.slice(2),
  allowPositionals: true,
  options: {
    files: { type: 'string', multiple: true },
    'max-per-file': { type: 'string' },
    jobs: { type: 'string', default: '2' },
    force: { type: 'boolean', default: false },
  },
})
const jobCount = Math.max(1, Number(flags.jobs) || 1)
const maxPerFile = flags['max-per-file'] === undefined ? Infinity : Number(flags['max-per-file'])

const hash = (...parts: string[]) => {
  const digest = createHash('sha256')
  for (const part of parts) digest.update(part).update('\0')
  return digest.digest('hex')
}

function repositoryFiles(): string[] {
  const listed = Bun.spawnSync(['git', 'ls-files', '-co', '--exclude-standard'], { cwd: root })
  return listed.stdout
    .toString()
    .split('\n')
    .filter((file) => file !== '' && existsSync(join(root, file)))
    .filter((file) => statSync(join(root, file)).isFile())
}

function isSelected(file: string): boolean {
  const globs = (flags.files ?? []).map((pattern) => new Bun.Glob(pattern.replace(/^\.\//, '')))
  const prefixes = paths.map((path) => path.replace(/^\.\//, '').replace(/\/$/, ''))
  return (
    (globs.length === 0 || globs.some((glob) => glob.match(file))) &&
    (prefixes.length === 0 || prefixes.some((p) => file === p || file.startsWith(`${p}/`)))
  )
}

const mutantId = (mutant: Mutant) =>
  `${mutant.operator}:${mutant.start}:${mutant.end}:${mutant.replacement}`

/** `--max-per-file`: the N mutants with the lowest hash, so every run picks the same ones. */
function sample(file: string, mutants: Mutant[]): Mutant[] {
  if (mutants.length <= maxPerFile) return mutants
  const rank = (mutant: Mutant) => hash(file, mutantId(mutant))
  const kept = new Set(
    mutants.toSorted((a, b) => rank(a).localeCompare(rank(b))).slice(0, maxPerFile),
  )
  return mutants.filter((mutant) => kept.has(mutant))
}

function readCache(): Cache {
  if (flags.force || !existsSync(cachePath)) return { version: 1, files: {} }
  const cache = JSON.parse(readFileSync(cachePath, 'utf8')) as Cache
  return cache.version === 1 ? cache : { version: 1, files: {} }
}

function writeCache(cache: Cache): void {
  mkdirSync(artifacts, { recursive: true })
  writeFileSync(cachePath, JSON.stringify(cache))
}

/** Every mutant of the selected files, with the cached or static status where one is known. */
function plan(cache: Cache) {
  const files = repositoryFiles()
  const texts = new Map(
    files
      .filter((file) => /\.(ts|json)$/.test(file))
      .map((file) => [file, readFileSync(join(root, file), 'utf8')]),
  )
  const graph = importGraph(texts)
  const reach = new Map(
    files
      .filter((file) => /^(src|test)\/.*\.test\.ts$/.test(file))
      .filter((file) => !excludedTests.some((glob) => glob.match(file)))
      .map((test) => [test, reachableFrom(graph, test)]),
  )
  const equivalents = JSON.parse(readFileSync(equivalentPath, 'utf8')) as EquivalentMutant[]
  const targets = files.filter(
    (file) => /^src\/.*\.ts$/.test(file) && !/\.(test|d)\.ts$/.test(file) && isSelected(file),
  )
  const results: MutantResult[] = []
  const jobs: Job[] = []
  const usedEquivalents = new Set<EquivalentMutant>()
  for (const file of targets) {
    const source = texts.get(file) ?? ''
    const lines = source.split('\n')
    const tests = selectTests(file, reach)
    const reached = [...new Set(tests.flatMap((test) => [...(reach.get(test) ?? [])]))].sort()
    const key = hash(
      Bun.version,
      source,
      ...reached.flatMap((path) => [path, texts.get(path) ?? '']),
    )
    const fileCache = cache.files[file]?.key === key ? cache.files[file] : { key, mutants: {} }
    cache.files[file] = fileCache
    for (const mutant of sample(file, findMutants(source))) {
      const lineText = (lines[mutant.line - 1] ?? '').trim()
      const result: MutantResult = { file, lineText, ...mutant, status: 'no-tests' }
      const equivalent = findEquivalent(equivalents, result)
      results.push(result)
      if (equivalent) {
        usedEquivalents.add(equivalent)
        Object.assign(result, { status: 'equivalent', reason: equivalent.reason })
      } else if (tests.length > 0) {
        const cached = fileCache.mutants[mutantId(mutant)]
        if (cached) result.status = cached
        else jobs.push({ result, source, tests, cache: fileCache })
      }
    }
  }
  const stale = equivalents.filter(
    (entry) =>
      !usedEquivalents.has(entry) && targets.includes(entry.file) && maxPerFile === Infinity,
  )
  for (const entry of stale)
    say(`equivalent.json: no such mutant any more: ${JSON.stringify(entry)}`)
  return { results, jobs, files }
}

/** Fills `sandbox` with a copy of the tree (node_modules linked) whose bunfig turns coverage off. */
function fillSandbox(sandbox: string, files: string[]): string {
  for (const file of files) {
    mkdirSync(dirname(join(sandbox, file)), { recursive: true })
    writeFileSync(join(sandbox, file), readFileSync(join(root, file)))
  }
  Bun.spawnSync(['ln', '-s', join(root, 'node_modules'), join(sandbox, 'node_modules')])
  writeFileSync(join(sandbox, 'bunfig.toml'), '[test]\ncoverage = false\n')
  return sandbox
}

const running = new Set<Subprocess>()

/** Ctrl-C reaches the test run too: its end then says nothing about the mutant. */
const interrupted = (signal: unknown, code: unknown) =>
  signal === 'SIGINT' || signal === 'SIGTERM' || code === 130 || code === 143

/**
 * Runs `tests` in `sandbox`: passed, failed, timeout (a test timed out, or `limitMs` passed) or
 * interrupted (Ctrl-C).
 */
async function runTests(sandbox: string, tests: string[], limitMs: number) {
  const startedAt = performance.now()
  const child = Bun.spawn(
    [
      process.execPath,
      'test',
      '--bail=1',
      `--timeout=${testTimeoutMs}`,
      '--no-orphans',
      ...tests.map((test) => `./${test}`),
    ],
    { cwd: sandbox, stdout: 'pipe', stderr: 'pipe', env: { ...process.env, NO_COLOR: '1' } },
  )
  running.add(child)
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, limitMs)
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ])
  clearTimeout(timer)
  running.delete(child)
  const output = stdout + stderr
  const outcome: 'passed' | 'failed' | 'timeout' | 'interrupted' = timedOut
    ? 'timeout'
    : interrupted(child.signalCode, code)
      ? 'interrupted'
      : /\^ this test timed out after/.test(output)
        ? 'timeout'
        : code === 0
          ? 'passed'
          : 'failed'
  return { outcome, ms: performance.now() - startedAt, output }
}

/** Each file's tests once without a mutant, in whichever sandbox gets there first. */
const baselines = new Map<string, Promise<{ ms: number; passed: boolean }>>()

function baselineOf(sandbox: string, { result, tests }: Job) {
  let baseline = baselines.get(result.file)
  if (!baseline) {
    baseline = runTests(sandbox, tests, 120_000).then(({ outcome, ms, output }) => {
      if (outcome !== 'passed') say(`${result.file}: its tests fail without a mutant:\n${output}`)
      return { ms, passed: outcome === 'passed' }
    })
    baselines.set(result.file, baseline)
  }
  return baseline
}

const statusOf = { passed: 'survived', failed: 'killed', timeout: 'timeout' } as const

/** The mutant written into `sandbox` while its tests run, the file restored afterwards. */
async function runMutant(sandbox: string, job: Job): Promise<MutantStatus | 'interrupted'> {
  const { result, source, tests } = job
  const { ms, passed } = await baselineOf(sandbox, job)
  if (!passed) return 'error'
  const target = join(sandbox, result.file)
  writeFileSync(target, applyMutant(source, result))
  try {
    const { outcome } = await runTests(sandbox, tests, 2 * ms + testTimeoutMs + 5_000)
    return outcome === 'interrupted' ? outcome : statusOf[outcome]
  } finally {
    writeFileSync(target, source)
  }
}

async function main(): Promise<void> {
  const startedAt = Date.now()
  const cache = readCache()
  const { results, jobs, files } = plan(cache)
  say(
    `${results.length} mutants in ${new Set(results.map((r) => r.file)).size} files; ` +
      `${jobs.length} to run (${jobCount} jobs), the rest cached, equivalent or untested`,
  )
  const sandboxes: string[] = []
  const stop = () => {
    for (const child of running) child.kill('SIGKILL')
    for (const sandbox of sandboxes) rmSync(sandbox, { recursive: true, force: true })
    writeCache(cache)
    process.exit(130)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)

  let done = 0
  const work = async (sandbox: string) => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      const status = await runMutant(sandbox, job)
      if (status === 'interrupted') return
      job.result.status = status
      if (status === 'error') continue
      job.cache.mutants[mutantId(job.result)] = status
      done += 1
      if (done % 50 === 0) {
        say(`${done} run, ${jobs.length} left, ${Math.round((Date.now() - startedAt) / 1000)} s`)
        writeCache(cache)
      }
    }
  }
  try {
    for (let index = 0; index < Math.min(jobCount, jobs.length); index += 1) {
      const sandbox = mkdtempSync(join(tmpdir(), 'mutation-'))
      sandboxes.push(sandbox)
      fillSandbox(sandbox, files)
    }
    await Promise.all(sandboxes.map(work))
  } finally {
    for (const sandbox of sandboxes) rmSync(sandbox, { recursive: true, force: true })
    writeCache(cache)
  }

  const durationMs = Date.now() - startedAt
  process.stdout.write(`${formatReport(results)}\n`)
  say(`${done} mutants run in ${Math.round(durationMs / 1000)} s; report: ${reportPath}`)
  const report = {
    date: new Date(startedAt).toISOString(),
    durationMs,
    jobs: jobCount,
    run: done,
    folders: summarizeByFolder(results),
    mutants: results,
  }
  writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`)
}

await main()
