/**
 * The benchmark: `bun run bench` (full, about 5 minutes) or `bun run bench:quick` (the smoke
 * version CI runs, under a minute). It starts the fake OpenAI-compatible upstream
 * (bench/fake-upstream.ts), the proxy (the compiled binary, built first if stale), the reference
 * pass-through proxy (bench/passthrough.ts) and, per measurement, a load generator
 * (bench/load.ts), each a process of its own, and measures each phase against the upstream
 * directly and through the proxy; then the proxy with three backends configured against the proxy
 * with one (routing, with bench/routing.ts in-process). Method and results: docs/benchmarks.md.
 *
 * Flags:
 *   --quick            short windows, 50-token answers, 3 startup runs, one memory round and no
 *                      direct run of it; writes to a temporary directory unless --out is given
 *   --runs N           runs of each max-speed phase, median kept (default 3; quick 1)
 *   --tokens N         tokens per answer (default 200; quick 50)
 *   --delay MS         ms between tokens in the paced phases (default 20)
 *   --memory-delay MS  ms between tokens in the 1000-stream memory phase (default 50)
 *   --out DIR          where benchmarks.json and benchmarks.md go (default docs/)
 *   --only a,b         only the phases whose id starts with one of these (development)
 *   --source           the proxy as `bun src/main.ts` instead of the binary (profiling)
 *   --enforce          exit 1 when a budget fails
 * Exits 1 when requests fail (always) or, with --enforce, when a budget fails.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ensureHostBinary } from '../scripts/ensure-binary.ts'
import type { LoadOptions, LoadResult } from './load.ts'
import { memoryOf } from './proc.ts'
import {
  fileLimit,
  type RunningProxy,
  type RunningUpstream,
  runLoadProcess,
  startPassthrough,
  startProxy,
  startUpstream,
} from './processes.ts'
import {
  type BenchReport,
  budgetTargets,
  describeMachine,
  evaluateBudgets,
  type MemoryResult,
  type PhaseResult,
  type PhaseSpec,
  printSummary,
  type RoutingResult,
  writeReport,
} from './report.ts'
import { measureRouting } from './routing.ts'
import { measureStartup } from './startup.ts'

const root = resolve(import.meta.dir, '..')

export interface BenchOptions {
  quick: boolean
  runs: number
  tokens: number
  delayMs: number
  memoryDelayMs: number
  out: string
  only: string[]
  source: boolean
  enforce: boolean
}

const valueFlags = ['--runs', '--tokens', '--delay', '--memory-delay', '--out', '--only']
const switches = ['--quick', '--source', '--enforce']

export function parseBenchArgs(argv: string[]): BenchOptions {
  const values = new Map<string, string>()
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string
    if (switches.includes(arg)) continue
    const value = argv[index + 1]
    if (!valueFlags.includes(arg)) throw new Error(`unknown argument ${arg}`)
    if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a value`)
    values.set(arg, value)
    index++
  }
  const quick = argv.includes('--quick')
  const whole = (flag: string, fallback: number, least: number) => {
    const text = values.get(flag)
    const parsed = text === undefined ? fallback : Number(text)
    if (!Number.isInteger(parsed) || parsed < least) {
      throw new Error(`${flag} must be a whole number, at least ${least}`)
    }
    return parsed
  }
  return {
    quick,
    runs: whole('--runs', quick ? 1 : 3, 1),
    tokens: whole('--tokens', quick ? 50 : 200, 1),
    delayMs: whole('--delay', 20, 1),
    memoryDelayMs: whole('--memory-delay', 50, 1),
    out:
      values.get('--out') ??
      (quick ? mkdtempSync(join(tmpdir(), 'ollama-openai-proxy-bench-')) : join(root, 'docs')),
    only: values.get('--only')?.split(',') ?? [],
    source: argv.includes('--source'),
    enforce: argv.includes('--enforce'),
  }
}

/** The measured phases, in order (the memory phase is planned by `memoryPhase`). */
export function planPhases(options: BenchOptions): PhaseSpec[] {
  const { quick, tokens, delayMs, runs } = options
  const max = { delayMs: 0, runs, warmupMs: quick ? 300 : 1000, durationMs: quick ? 700 : 3000 }
  const stream = { stream: true, tokens }
  const phases: PhaseSpec[] = [1, 10, 100, 1000].map((concurrency) => ({
    id: `stream-max-c${concurrency}`,
    title: `streaming, max speed, c=${concurrency}`,
    concurrency,
    ...stream,
    ...max,
    withPassthrough: concurrency === 1 || concurrency === 100,
  }))
  phases.push(
    {
      id: 'stream-max-1token-c100',
      title: 'streaming 1-token answers, max speed, c=100',
      concurrency: 100,
      ...stream,
      ...max,
      tokens: 1,
    },
    {
      id: 'nonstream-c100',
      title: 'non-streaming, c=100',
      concurrency: 100,
      ...stream,
      ...max,
      stream: false,
    },
    // Long enough for a few hundred time-to-first-token samples.
    { ...paced(options, 100, delayMs, 16_000), withPassthrough: true },
    paced(options, 1000, delayMs, 8000),
  )
  return phases
}

/**
 * A paced phase: clients start spread over one answer's length (at most 4 s), so their tokens
 * do not come in lockstep; the window opens once every client is streaming and lasts
 * `fullWindowMs` (quick: 1.5 s); requests still running then are read to their end.
 */
function paced(
  options: BenchOptions,
  concurrency: number,
  delayMs: number,
  fullWindowMs: number,
): PhaseSpec {
  const answerMs = options.tokens * delayMs
  const stagger = Math.min(answerMs, options.quick ? 1000 : 4000)
  return {
    id: `stream-paced-c${concurrency}`,
    title: `streaming, ${delayMs} ms/token, c=${concurrency}`,
    concurrency,
    stream: true,
    tokens: options.tokens,
    delayMs,
    runs: 1,
    staggerMs: stagger,
    warmupMs: stagger + (options.quick ? 200 : 500),
    durationMs: options.quick ? 1500 : fullWindowMs,
    drainMs: answerMs + 5000,
  }
}

/** 1000 paced streams on a fresh proxy, for its memory (a window of one answer's length). */
export function memoryPhase(options: BenchOptions): PhaseSpec {
  const answerMs = options.tokens * options.memoryDelayMs
  return {
    ...paced(options, 1000, options.memoryDelayMs, Math.max(8000, answerMs)),
    id: 'memory-c1000',
    title: `memory: streaming, ${options.memoryDelayMs} ms/token, c=1000`,
  }
}

/** The routing phase: per-request costs show best in 1-token answers. */
export function routingPhase(options: BenchOptions): PhaseSpec {
  return {
    id: 'routing-1token-c100',
    title: 'routing: 1-token answers, max speed, c=100',
    concurrency: 100,
    stream: true,
    tokens: 1,
    delayMs: 0,
    runs: options.runs,
    warmupMs: options.quick ? 300 : 1000,
    durationMs: options.quick ? 700 : 3000,
  }
}

/**
 * The config file of the proxy with three backends, as bench/routing.ts `threeBackends`: all on
 * the fake upstream, two with a prefix; `bench` is served by the third (every list is looked at),
 * with a fallback chain and an alias beside it.
 */
export function threeBackendConfig(upstreamUrl: string): object {
  const base_url = `${upstreamUrl}/v1`
  return {
    backends: {
      one: { base_url, prefix: 'one/' },
      two: { base_url, prefix: 'two/' },
      three: { base_url },
    },
    aliases: { coder: { model: 'three/bench', options: { temperature: 0.2, num_ctx: 32768 } } },
    fallbacks: { bench: ['one/bench', 'two/bench'] },
  }
}

const say = (line: string) => process.stdout.write(`${line}\n`)

type Target = 'direct' | 'proxy' | 'passthrough'

interface Targets {
  upstream: RunningUpstream
  proxy: RunningProxy
  passthrough: RunningUpstream
}

function loadOptions(phase: PhaseSpec, target: Target, targets: Targets): LoadOptions {
  const through = target === 'passthrough' ? targets.passthrough : targets.proxy
  const baseUrl = target === 'direct' ? targets.upstream.url : through.url
  return {
    baseUrl,
    // The pass-through proxy speaks the upstream's protocol.
    target: target === 'proxy' ? 'proxy' : 'direct',
    concurrency: phase.concurrency,
    warmupMs: phase.warmupMs,
    durationMs: phase.durationMs,
    tokens: phase.tokens,
    delayMs: phase.delayMs,
    stream: phase.stream,
    staggerMs: phase.staggerMs,
    drainMs: phase.drainMs,
    // [the proxy in between (none for direct), the upstream]
    watchPids: target === 'direct' ? [targets.upstream.pid] : [through.pid, targets.upstream.pid],
  }
}

function median(results: LoadResult[]): LoadResult {
  const sorted = [...results].sort(
    (a, b) => a.chunksPerSec - b.chunksPerSec || a.requestsPerSec - b.requestsPerSec,
  )
  return sorted[Math.floor((sorted.length - 1) / 2)] as LoadResult
}

/** One phase, every target, `runs` times with the targets interleaved; the median run of each. */
async function runPhase(phase: PhaseSpec, targets: Targets): Promise<PhaseResult> {
  const order: Target[] = phase.withPassthrough
    ? ['direct', 'passthrough', 'proxy']
    : ['direct', 'proxy']
  const runs: Record<Target, LoadResult[]> = { direct: [], proxy: [], passthrough: [] }
  for (let run = 0; run < phase.runs; run++) {
    for (const target of order) {
      runs[target].push(await runLoadProcess(loadOptions(phase, target, targets)))
    }
  }
  const { direct, proxy, passthrough } = runs
  return {
    ...phase,
    direct: median(direct),
    proxy: median(proxy),
    ...(passthrough.length > 0 && { passthrough: median(passthrough) }),
    runsChunksPerSec: {
      direct: direct.map((run) => run.chunksPerSec),
      proxy: proxy.map((run) => run.chunksPerSec),
    },
  }
}

/** The proxy with one backend (`one`) and with three, interleaved runs; routing in-process too. */
async function measureRoutingPhase(
  options: BenchOptions,
  command: string[],
  upstream: RunningUpstream,
  one: RunningProxy,
): Promise<RoutingResult> {
  const phase = routingPhase(options)
  const directory = mkdtempSync(join(tmpdir(), 'ollama-openai-proxy-bench-routing-'))
  const configPath = join(directory, 'three-backends.json')
  writeFileSync(configPath, JSON.stringify(threeBackendConfig(upstream.url)))
  const three = await startProxy(command, upstream.url, configPath)
  try {
    const runs: { one: LoadResult[]; three: LoadResult[] } = { one: [], three: [] }
    for (let run = 0; run < phase.runs; run++) {
      for (const [setup, proxy] of [
        ['one', one],
        ['three', three],
      ] as const) {
        runs[setup].push(
          await runLoadProcess(loadOptions(phase, 'proxy', { upstream, proxy } as Targets)),
        )
      }
    }
    return {
      ...phase,
      one: median(runs.one),
      three: median(runs.three),
      runsRequestsPerSec: {
        one: runs.one.map((run) => run.requestsPerSec),
        three: runs.three.map((run) => run.requestsPerSec),
      },
      micros: await measureRouting(options.quick ? 35_000 : 140_000),
    }
  } finally {
    await three.stop()
    rmSync(directory, { recursive: true, force: true })
  }
}

/** The largest RSS of `pid` sampled every 100 ms until `stop`, MiB. */
function sampleMemory(pid: number) {
  let peak = 0
  const timer = setInterval(() => {
    peak = Math.max(peak, memoryOf(pid)?.rssMiB ?? 0)
  }, 100)
  return () => {
    clearInterval(timer)
    return Math.max(peak, memoryOf(pid)?.rssMiB ?? 0)
  }
}

const rssOf = (pid: number) => memoryOf(pid)?.rssMiB ?? Number.NaN

/**
 * RSS every second for `settleMs` once a round's streams have ended (a quick run stops as soon as
 * it is back near idle): the series, and after how many seconds it was back within the budget's
 * margin of `idleMiB` (null: not in time).
 */
async function settle(pid: number, idleMiB: number, settleMs: number, stopWhenBack: boolean) {
  const series: number[] = []
  let backAfterSec: number | null = null
  for (let second = 1; second * 1000 <= settleMs; second++) {
    await Bun.sleep(1000)
    const rss = rssOf(pid)
    series.push(rss)
    if (backAfterSec === null && rss <= idleMiB + budgetTargets.afterRssOverIdleMiB) {
      backAfterSec = second
      if (stopWhenBack) break
    }
  }
  return { series, backAfterSec }
}

/**
 * Memory at 1000 streams, on a fresh proxy: RSS idle (after a few warm-up requests, then 1 s
 * idle), the peak during each round of paced streams, and RSS every second for 12 s after each
 * round's last stream has ended: does it come back near idle, does it grow round after round? A full run also streams the same to the upstream directly, for the tables.
 */
async function measureMemory(
  command: string[],
  upstream: RunningUpstream,
  options: BenchOptions,
): Promise<{ memory: MemoryResult; phase?: PhaseResult }> {
  const spec = memoryPhase(options)
  const direct = options.quick
    ? undefined
    : await runLoadProcess(loadOptions(spec, 'direct', { upstream } as Targets))
  const proxy = await startProxy(command, upstream.url)
  const targets = { upstream, proxy } as Targets
  try {
    await Bun.sleep(1000)
    const freshMiB = rssOf(proxy.pid)
    const warmUp = {
      ...spec,
      concurrency: 10,
      delayMs: 0,
      staggerMs: 0,
      warmupMs: 0,
      durationMs: 500,
    }
    await runLoadProcess({ ...loadOptions(warmUp, 'proxy', targets), watchPids: [] })
    await Bun.sleep(1000)
    const idleMiB = rssOf(proxy.pid)
    const settleMs = 12_000
    const rounds: LoadResult[] = []
    const peaks: number[] = []
    const settled: Awaited<ReturnType<typeof settle>>[] = []
    for (let round = 0; round < (options.quick ? 1 : 2); round++) {
      const stop = sampleMemory(proxy.pid)
      rounds.push(await runLoadProcess(loadOptions(spec, 'proxy', targets)))
      peaks.push(stop())
      settled.push(await settle(proxy.pid, idleMiB, settleMs, options.quick))
    }
    const memory: MemoryResult = {
      concurrency: spec.concurrency,
      delayMs: spec.delayMs,
      freshMiB,
      idleMiB,
      peakMiB: Math.max(...peaks),
      peakPerRoundMiB: peaks,
      afterMiB: settled.map(({ series }) => series.at(-1) as number),
      afterSeriesMiB: settled.map(({ series }) => series),
      backAfterSec: settled.map(({ backAfterSec }) => backAfterSec),
      hwmMiB: memoryOf(proxy.pid)?.peakMiB ?? Number.NaN,
      settleMs,
    }
    if (direct === undefined) return { memory }
    const phase: PhaseResult = {
      ...spec,
      direct,
      proxy: rounds[0] as LoadResult,
      runsChunksPerSec: {
        direct: [direct.chunksPerSec],
        proxy: rounds.map((round) => round.chunksPerSec),
      },
    }
    return { memory, phase }
  } finally {
    await proxy.stop()
  }
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const started = performance.now()
  const selected = (id: string) =>
    options.only.length === 0 || options.only.some((prefix) => id.startsWith(prefix))
  const limit = fileLimit()
  if (limit < 8192) {
    say(`warning: the open-file limit is ${limit}; 1000 streams need about 4000 descriptors`)
  }
  const binary = options.source ? undefined : await ensureHostBinary()
  const command = binary ? [binary] : [process.execPath, join(root, 'src/main.ts')]
  const machine = describeMachine()
  say(
    `benchmark of ${command.join(' ')} (${options.quick ? 'quick' : 'full'}) on ${machine.cpuModel}, ${machine.cores} cores; load average ${machine.loadAverageBefore.join(' ')}`,
  )
  if ((machine.loadAverageBefore[0] ?? 0) > 0.5) {
    say('warning: the machine is busy (load average > 0.5): numbers will be noisy')
  }
  const report: BenchReport = {
    measuredAt: new Date().toISOString(),
    durationSec: 0,
    machine,
    settings: {
      quick: options.quick,
      runs: options.runs,
      tokens: options.tokens,
      delayMs: options.delayMs,
      memoryDelayMs: options.memoryDelayMs,
      proxy: binary ? 'binary' : 'source',
    },
    phases: [],
    budgets: [],
  }
  if (binary && selected('startup')) {
    say('startup ...')
    report.startup = await measureStartup(binary, options.quick ? 3 : 10)
  }
  const upstream = await startUpstream()
  try {
    const passthrough = await startPassthrough(upstream.url)
    const proxy = await startProxy(command, upstream.url)
    try {
      for (const phase of planPhases(options).filter((phase) => selected(phase.id))) {
        const result = await runPhase(phase, { upstream, proxy, passthrough })
        report.phases.push(result)
        say(summarizePhase(result))
      }
      if (selected('routing')) {
        const routing = await measureRoutingPhase(options, command, upstream, proxy)
        report.routing = routing
        say(
          `${routing.title.padEnd(46)}req/s one backend ${routing.one.requestsPerSec.toFixed(0)}, three ${routing.three.requestsPerSec.toFixed(0)} (${((100 * routing.three.requestsPerSec) / routing.one.requestsPerSec).toFixed(0)} %); routing in-process ${routing.micros.oneBackend.toFixed(2)} / ${routing.micros.threeBackends.toFixed(2)} µs`,
        )
      }
    } finally {
      await proxy.stop()
      await passthrough.stop()
    }
    if (selected('memory')) {
      const { memory, phase } = await measureMemory(command, upstream, options)
      report.memory = memory
      if (phase) {
        report.phases.push(phase)
        say(summarizePhase(phase))
      }
      say(
        `memory at 1000 streams: idle ${memory.idleMiB.toFixed(1)} MiB, peak ${memory.peakMiB.toFixed(1)} MiB, after ${memory.afterMiB.map((value) => value.toFixed(1)).join(' / ')} MiB`,
      )
    }
  } finally {
    await upstream.stop()
  }
  report.machine.loadAverageAfter = describeMachine().loadAverageBefore
  report.durationSec = (performance.now() - started) / 1000
  report.budgets = evaluateBudgets(report)
  return report
}

function summarizePhase(result: PhaseResult): string {
  const { direct, proxy, passthrough } = result
  const rate = (value: number) =>
    value >= 1e4 ? `${(value / 1e6).toFixed(3)} M` : value.toFixed(0)
  const ratio = (value: number) => `${((100 * value) / direct.chunksPerSec).toFixed(0)} %`
  const all = [direct, proxy, ...(passthrough ? [passthrough] : [])]
  const failed = all.reduce((sum, run) => sum + run.errors + run.aborted, 0)
  const firstError = all.find((run) => run.firstError)?.firstError
  const parts = [`${result.title.padEnd(46)}`]
  if (result.stream) {
    parts.push(
      `chunks/s direct ${rate(direct.chunksPerSec)}, proxy ${rate(proxy.chunksPerSec)} (${ratio(proxy.chunksPerSec)})`,
    )
    if (passthrough) parts.push(`pass-through ${ratio(passthrough.chunksPerSec)}`)
    parts.push(`TTFT p99 ${direct.ttftMs?.p99.toFixed(2)} / ${proxy.ttftMs?.p99.toFixed(2)} ms`)
  } else {
    parts.push(
      `req/s direct ${direct.requestsPerSec.toFixed(0)}, proxy ${proxy.requestsPerSec.toFixed(0)}`,
    )
  }
  if (failed > 0) parts.push(`${failed} FAILED: ${firstError}`)
  return parts.join('; ')
}

if (import.meta.main) {
  let options: BenchOptions
  try {
    options = parseBenchArgs(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(
      `${(error as Error).message}\nusage: bun bench/run.ts [--quick] [--runs N] [--tokens N] [--delay MS] [--memory-delay MS] [--out DIR] [--only ids] [--source] [--enforce]\n`,
    )
    process.exit(2)
  }
  const report = await runBench(options)
  const files = await writeReport(report, options.out)
  printSummary(report, say)
  say(`wrote ${files.join(' and ')}; ${report.durationSec.toFixed(0)} s`)
  const failed = [
    ...report.phases.filter((phase) =>
      [phase.direct, phase.proxy, phase.passthrough].some((run) => run && run.errors > 0),
    ),
    ...(report.routing && report.routing.one.errors + report.routing.three.errors > 0
      ? [report.routing]
      : []),
  ]
  if (failed.length > 0) {
    say(`FAIL: requests failed in ${failed.map((phase) => phase.id).join(', ')}`)
    process.exit(1)
  }
  if (options.enforce && report.budgets.some((budget) => !budget.pass)) process.exit(1)
}
