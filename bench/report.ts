/**
 * What a benchmark run found: as data (docs/benchmarks.json), as markdown (the generated part of
 * docs/benchmarks.md, between the `bench:start` and `bench:end` markers; the rest of that file is
 * written by hand) and as a summary on stdout; and the budgets, checked against it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { cpus, loadavg, platform, release, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import type { LoadResult, Percentiles } from './load.ts'
import type { RoutingMicros } from './routing.ts'
import type { StartupMeasurement } from './startup.ts'

export interface PhaseSpec {
  id: string
  title: string
  concurrency: number
  tokens: number
  /** 0: the upstream writes each answer at once; else ms between tokens. */
  delayMs: number
  stream: boolean
  runs: number
  warmupMs: number
  durationMs: number
  staggerMs?: number
  drainMs?: number
  /** Also measure the reference pass-through proxy (bench/passthrough.ts). */
  withPassthrough?: boolean
}

export interface PhaseResult extends PhaseSpec {
  /** The median run (by chunks/s, then requests/s) of each target. */
  direct: LoadResult
  proxy: LoadResult
  passthrough?: LoadResult
  runsChunksPerSec: { direct: number[]; proxy: number[] }
}

/** The proxy with three backends configured against the proxy with one, same upstream. */
export interface RoutingResult extends PhaseSpec {
  /** The median run (by requests/s) of each. */
  one: LoadResult
  three: LoadResult
  runsRequestsPerSec: { one: number[]; three: number[] }
  /** Routing alone, in-process (bench/routing.ts). */
  micros: RoutingMicros
}

export interface MemoryResult {
  concurrency: number
  delayMs: number
  /** RSS of the fresh proxy, 1 s after it answered /health, MiB. */
  freshMiB: number
  /** RSS after a few warm-up requests and 1 s idle: the baseline, MiB. */
  idleMiB: number
  /** The largest RSS sampled (every 100 ms) during the rounds of streams, MiB. */
  peakMiB: number
  peakPerRoundMiB: number[]
  /** RSS `settleMs` after each round's last stream (quick: once back near idle), MiB. */
  afterMiB: number[]
  /** RSS every second after each round, MiB. */
  afterSeriesMiB: number[][]
  /** Seconds after each round's last stream until RSS was back near idle (null: not in time). */
  backAfterSec: (number | null)[]
  /** VmHWM at the end: the peak RSS over the process's life, MiB. */
  hwmMiB: number
  settleMs: number
}

export interface Machine {
  cpuModel: string
  cores: number
  memoryGiB: number
  os: string
  kernel: string
  bun: string
  loadAverageBefore: number[]
  loadAverageAfter?: number[]
}

export interface Budget {
  id: string
  name: string
  /** Which phase and mode it is checked in. */
  checkedIn: string
  target: string
  measured: string
  pass: boolean
}

export interface BenchReport {
  measuredAt: string
  durationSec: number
  machine: Machine
  settings: {
    quick: boolean
    runs: number
    tokens: number
    delayMs: number
    memoryDelayMs: number
    proxy: 'binary' | 'source'
  }
  phases: PhaseResult[]
  routing?: RoutingResult
  memory?: MemoryResult
  startup?: StartupMeasurement
  budgets: Budget[]
}

/** The budgets of issue 6 (sizes in MiB, 2^20 bytes, as docs/binary.md counts them). */
export const budgetTargets = {
  throughputRatioC100: 0.6,
  addedTtftP99MsC100: 2,
  peakRssMiB: 200,
  /** "Back near idle": RSS after the streams at most this much above the idle RSS. */
  afterRssOverIdleMiB: 20,
  startupMs: 50,
  idleRssMiB: 45,
  /** Requests/s with three backends configured ÷ with one (issue 12: within a few percent). */
  routingRatio: 0.95,
}

export function describeMachine(): Machine {
  const cpuInfo = readText('/proc/cpuinfo')
  const osRelease = readText('/etc/os-release')
  return {
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuInfo)?.[1] ?? cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(osRelease)?.[1] ?? platform(),
    kernel: release(),
    bun: Bun.version,
    loadAverageBefore: loadavg().map((value) => Math.round(value * 100) / 100),
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

const phaseOf = (report: BenchReport, id: string) =>
  report.phases.find((result) => result.id === id)

function throughputBudget(report: BenchReport): Budget[] {
  const max = phaseOf(report, 'stream-max-c100')
  if (!max) return []
  const ratio = max.proxy.chunksPerSec / max.direct.chunksPerSec
  const ceiling = max.passthrough
    ? ` (pass-through ${percent(max.passthrough.chunksPerSec / max.direct.chunksPerSec)})`
    : ''
  return [
    {
      id: 'throughput',
      name: 'streaming throughput, proxy ÷ direct',
      checkedIn: 'c=100, max speed',
      target: `≥ ${percent(budgetTargets.throughputRatioC100)}`,
      measured: `${percent(ratio)}${ceiling}`,
      pass: ratio >= budgetTargets.throughputRatioC100,
    },
  ]
}

function ttftBudget(report: BenchReport): Budget[] {
  const paced = phaseOf(report, 'stream-paced-c100')
  if (!paced?.proxy.ttftMs || !paced.direct.ttftMs) return []
  const added = paced.proxy.ttftMs.p99 - paced.direct.ttftMs.p99
  return [
    {
      id: 'ttft',
      name: 'time to first token added, p99',
      checkedIn: `c=100, ${paced.delayMs} ms/token`,
      target: `≤ ${budgetTargets.addedTtftP99MsC100} ms`,
      measured: `${added.toFixed(2)} ms`,
      pass: added <= budgetTargets.addedTtftP99MsC100,
    },
  ]
}

function routingBudget(routing: RoutingResult | undefined): Budget[] {
  if (!routing) return []
  const ratio = routing.three.requestsPerSec / routing.one.requestsPerSec
  return [
    {
      id: 'routing',
      name: 'throughput, three backends ÷ one',
      checkedIn: `c=${routing.concurrency}, 1-token answers, max speed`,
      target: `≥ ${percent(budgetTargets.routingRatio)}`,
      measured: percent(ratio),
      pass: ratio >= budgetTargets.routingRatio,
    },
  ]
}

function memoryBudgets(memory: MemoryResult | undefined): Budget[] {
  if (!memory) return []
  const after = Math.max(...memory.afterMiB)
  const limit = memory.idleMiB + budgetTargets.afterRssOverIdleMiB
  return [
    {
      id: 'rss-peak',
      name: `peak RSS at ${memory.concurrency} streams`,
      checkedIn: `c=${memory.concurrency}, ${memory.delayMs} ms/token`,
      target: `≤ ${budgetTargets.peakRssMiB} MiB`,
      measured: `${memory.peakMiB.toFixed(1)} MiB`,
      pass: memory.peakMiB <= budgetTargets.peakRssMiB,
    },
    {
      id: 'rss-after',
      name: 'RSS after the streams (back near idle)',
      checkedIn: `within ${memory.settleMs / 1000} s of each round's end`,
      target: `≤ idle + ${budgetTargets.afterRssOverIdleMiB} MiB (${limit.toFixed(1)} MiB)`,
      measured: `back after ${memory.backAfterSec.map((sec) => sec ?? `> ${memory.settleMs / 1000}`).join(' / ')} s; ${after.toFixed(1)} MiB (idle ${memory.idleMiB.toFixed(1)})`,
      pass: after <= limit && memory.backAfterSec.every((sec) => sec !== null),
    },
  ]
}

function startupBudgets(startup: StartupMeasurement | undefined): Budget[] {
  if (!startup) return []
  return [
    {
      id: 'startup',
      name: 'startup (exec → first 200 from /health)',
      checkedIn: `median of ${startup.runs} starts`,
      target: `≤ ${budgetTargets.startupMs} ms`,
      measured: `${startup.startupMs.median.toFixed(1)} ms`,
      pass: startup.startupMs.median <= budgetTargets.startupMs,
    },
    {
      id: 'idle-rss',
      name: 'idle RSS of the binary (1 s after exec)',
      checkedIn: `median of ${startup.runs} starts`,
      target: `≤ ${budgetTargets.idleRssMiB} MiB`,
      measured: `${startup.idleRssMiB.median.toFixed(1)} MiB`,
      pass: startup.idleRssMiB.median <= budgetTargets.idleRssMiB,
    },
  ]
}

export function evaluateBudgets(report: BenchReport): Budget[] {
  return [
    ...throughputBudget(report),
    ...ttftBudget(report),
    ...routingBudget(report.routing),
    ...memoryBudgets(report.memory),
    ...startupBudgets(report.startup),
  ]
}

const percent = (ratio: number) => `${(ratio * 100).toFixed(0)} %`
const fixed = (value: number | undefined, digits = 2) =>
  value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits)
const mib = (value: number) => `${fixed(value, 1)} MiB`

function rate(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)} k`
  return value.toFixed(0)
}

/** CPU time per unit (content chunk, or request) of one process in the window, µs. */
function cpuPer(units: number, cpuMs: number | null | undefined): string {
  return cpuMs === null || cpuMs === undefined || units === 0
    ? '–'
    : ((cpuMs * 1000) / units).toFixed(2)
}

/** A markdown table, columns padded to their widest cell. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) =>
    Math.max(3, cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  )
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] as number)).join(' | ')} |`
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  )
}

function throughputTable(report: BenchReport): string {
  const streams = report.phases.filter((result) => result.stream)
  return table(
    [
      'phase',
      'direct chunks/s',
      'proxy chunks/s',
      'proxy ÷ direct',
      'pass-through ÷ direct',
      'direct req/s',
      'proxy req/s',
      'CPU µs/chunk: proxy',
      'client (direct / via proxy)',
      'upstream',
    ],
    streams.map(({ title, direct, proxy, passthrough }) => [
      title,
      rate(direct.chunksPerSec),
      rate(proxy.chunksPerSec),
      percent(proxy.chunksPerSec / direct.chunksPerSec),
      passthrough ? percent(passthrough.chunksPerSec / direct.chunksPerSec) : '',
      rate(direct.requestsPerSec),
      rate(proxy.requestsPerSec),
      cpuPer(proxy.chunks, proxy.watchedCpuMs[0]),
      `${cpuPer(direct.chunks, direct.cpuMs)} / ${cpuPer(proxy.chunks, proxy.cpuMs)}`,
      cpuPer(direct.chunks, direct.watchedCpuMs.at(-1)),
    ]),
  )
}

function ttftTable(report: BenchReport): string {
  const rows: string[][] = []
  for (const { title, direct, proxy, passthrough } of report.phases) {
    if (!direct.ttftMs || !proxy.ttftMs) continue
    const d: Percentiles = direct.ttftMs
    const p: Percentiles = proxy.ttftMs
    const through = passthrough?.ttftMs
    rows.push([
      title,
      `${d.count} / ${p.count}`,
      fixed(d.p50),
      fixed(p.p50),
      fixed(p.p50 - d.p50),
      fixed(d.p99),
      fixed(p.p99),
      fixed(p.p99 - d.p99),
      through ? `${fixed(through.p50 - d.p50)} / ${fixed(through.p99 - d.p99)}` : '',
    ])
  }
  return table(
    [
      'phase',
      'samples (direct / proxy)',
      'direct p50',
      'proxy p50',
      'added p50',
      'direct p99',
      'proxy p99',
      'added p99',
      'pass-through added p50 / p99',
    ],
    rows,
  )
}

function nonStreamingTable(report: BenchReport): string {
  return table(
    [
      'phase',
      'direct req/s',
      'proxy req/s',
      'proxy ÷ direct',
      'latency ms direct p50 / p99',
      'latency ms proxy p50 / p99',
      'CPU µs/request: proxy',
    ],
    report.phases
      .filter((result) => !result.stream)
      .map(({ title, direct, proxy }) => [
        title,
        rate(direct.requestsPerSec),
        rate(proxy.requestsPerSec),
        percent(proxy.requestsPerSec / direct.requestsPerSec),
        `${fixed(direct.latencyMs.p50)} / ${fixed(direct.latencyMs.p99)}`,
        `${fixed(proxy.latencyMs.p50)} / ${fixed(proxy.latencyMs.p99)}`,
        cpuPer(proxy.requests, proxy.watchedCpuMs[0]),
      ]),
  )
}

function routingTable(routing: RoutingResult): string {
  const { one, three, micros } = routing
  const cpu = (result: LoadResult) => cpuPer(result.requests, result.watchedCpuMs[0])
  const overhead = (result: LoadResult) =>
    result.watchedCpuMs[0] === null || one.watchedCpuMs[0] === null
      ? '–'
      : fixed(
          ((result.watchedCpuMs[0] as number) * 1000) / result.requests -
            ((one.watchedCpuMs[0] as number) * 1000) / one.requests,
        )
  return table(
    [
      'backends configured',
      'proxy req/s',
      '÷ one backend',
      'CPU µs/request: proxy',
      'added CPU µs/request',
      'routing alone, µs/request (in-process)',
    ],
    [
      [
        'one',
        rate(one.requestsPerSec),
        '100 %',
        cpu(one),
        '',
        `${fixed(micros.oneBackend)} (listed name)`,
      ],
      [
        'three (prefixes, an alias, fallbacks)',
        rate(three.requestsPerSec),
        percent(three.requestsPerSec / one.requestsPerSec),
        cpu(three),
        overhead(three),
        `${fixed(micros.threeBackends)} (name with fallbacks), ${fixed(micros.threeBackendsAlias)} (alias), ${fixed(micros.threeBackendsPrefix)} (prefixed name)`,
      ],
    ],
  )
}

function memoryTable(memory: MemoryResult): string {
  const rounds = (values: number[]) => values.map((value) => fixed(value, 1)).join(' / ')
  return table(
    ['fresh', 'idle (after warm-up)', 'peak, per round', 'back near idle, per round', 'VmHWM'],
    [
      [
        mib(memory.freshMiB),
        mib(memory.idleMiB),
        `${rounds(memory.peakPerRoundMiB)} MiB`,
        `after ${memory.backAfterSec.map((sec) => sec ?? `> ${memory.settleMs / 1000}`).join(' / ')} s; ${rounds(memory.afterMiB)} MiB at the end`,
        mib(memory.hwmMiB),
      ],
    ],
  )
}

function startupTable(startup: StartupMeasurement): string {
  const span = (summary: { median: number; min: number; max: number }, digits: number) =>
    `${fixed(summary.median, digits)} (${fixed(summary.min, digits)}–${fixed(summary.max, digits)})`
  const split = startup.idleRssSplitMiB
  return table(
    ['exec → /health, ms', 'idle RSS (1 s), MiB', 'of which anon / file-backed', 'binary size'],
    [
      [
        span(startup.startupMs, 1),
        span(startup.idleRssMiB, 1),
        split ? `${fixed(split.anon.median, 1)} / ${fixed(split.file.median, 1)} MiB` : '–',
        mib(startup.binaryMiB),
      ],
    ],
  )
}

export function toMarkdown(report: BenchReport): string {
  const { machine, settings } = report
  const command = settings.quick ? '`bun run bench:quick`' : '`bun run bench`'
  const proxy = settings.proxy === 'binary' ? 'the compiled binary' : '`bun src/main.ts`'
  const parts = [
    `Measured ${report.measuredAt.slice(0, 16).replace('T', ' ')} UTC by ${command} (${report.durationSec.toFixed(0)} s) on ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Linux ${machine.kernel}, Bun ${machine.bun}; load average ${machine.loadAverageBefore.join(' / ')} before, ${machine.loadAverageAfter?.join(' / ') ?? '?'} after. ` +
      `Proxy: ${proxy}. ${settings.tokens}-token answers; paced phases ${settings.delayMs} ms/token, memory phase ${settings.memoryDelayMs} ms/token; max-speed phases: median of ${settings.runs} run(s).`,
    '**Streaming throughput** (content chunks and requests per second; CPU: µs of CPU time per content chunk in the window, each process, all threads)',
    throughputTable(report),
    '**Time to first token** (ms from sending the request to parsing the first content event or line; added = proxy − direct, percentile by percentile)',
    ttftTable(report),
  ]
  if (report.phases.some((result) => !result.stream)) {
    parts.push(
      '**Non-streaming** (`stream: false`: the proxy streams from the upstream and assembles the answer, as Ollama does; the upstream answers the direct client in one piece)',
      nonStreamingTable(report),
    )
  }
  if (report.routing) {
    parts.push(
      `**Routing** (${report.routing.title}: the proxy with three backends configured, all on the same upstream, against the proxy with one; median of ${report.routing.runsRequestsPerSec.one.length} interleaved run(s); in-process: resolving the name and the fallback chain, the upstream call answered at once)`,
      routingTable(report.routing),
    )
  }
  if (report.memory) {
    parts.push(
      `**Memory of the proxy at ${report.memory.concurrency} concurrent streams** (${report.memory.delayMs} ms/token; a fresh process; RSS sampled every 100 ms)`,
      memoryTable(report.memory),
    )
  }
  if (report.startup) {
    parts.push(
      `**Startup of the binary** (${report.startup.runs} fresh starts; median (min–max))`,
      startupTable(report.startup),
    )
  }
  parts.push(
    `**Budgets** (this ${machine.cores}-core machine${settings.quick ? '; a quick run: indicative only' : ''})`,
    table(
      ['budget', 'checked in', 'target', 'measured', 'result'],
      report.budgets.map((budget) => [
        budget.name,
        budget.checkedIn,
        budget.target,
        budget.measured,
        budget.pass ? 'PASS' : 'FAIL',
      ]),
    ),
  )
  return `${parts.join('\n\n')}\n`
}

const startMarker = '<!-- bench:start -->'
const endMarker = '<!-- bench:end -->'

/** `markdown` with its generated part replaced (appended, with markers, if it has none). */
export function withGeneratedPart(markdown: string, generated: string): string {
  const block = `${startMarker}\n\n${generated}\n${endMarker}`
  const start = markdown.indexOf(startMarker)
  const end = markdown.indexOf(endMarker)
  if (start < 0 || end < start) return `${markdown}${markdown === '' ? '' : '\n'}${block}\n`
  return markdown.slice(0, start) + block + markdown.slice(end + endMarker.length)
}

/** Writes `<out>/benchmarks.json` and the generated part of `<out>/benchmarks.md`. */
export async function writeReport(report: BenchReport, out: string): Promise<string[]> {
  const json = join(out, 'benchmarks.json')
  const markdown = join(out, 'benchmarks.md')
  await Bun.write(json, `${JSON.stringify(report, null, 2)}\n`)
  const existing = existsSync(markdown) ? readFileSync(markdown, 'utf8') : '# Benchmarks\n'
  await Bun.write(markdown, withGeneratedPart(existing, toMarkdown(report)))
  // Written as Biome formats them, so that `bun run lint` stays clean.
  const biome = resolve(import.meta.dir, '../node_modules/.bin/biome')
  if (existsSync(biome)) {
    Bun.spawnSync([biome, 'format', '--write', json, markdown], {
      stdout: 'ignore',
      stderr: 'ignore',
    })
  }
  return [json, markdown]
}

export function printSummary(report: BenchReport, say: (line: string) => void): void {
  say('')
  for (const budget of report.budgets) {
    say(
      `${budget.pass ? 'PASS' : 'FAIL'}  ${budget.name.padEnd(46)} ${budget.measured.padEnd(30)} target ${budget.target}  (${budget.checkedIn})`,
    )
  }
}
