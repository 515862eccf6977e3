import { describe, expect, test } from 'bun:test'
import type { LoadResult } from './load.ts'
import {
  type BenchReport,
  evaluateBudgets,
  type PhaseResult,
  toMarkdown,
  withGeneratedPart,
} from './report.ts'

const percentiles = (p50: number, p99: number) => ({ count: 100, p50, p90: p99, p99, max: p99 })

function load(chunksPerSec: number, ttft: [number, number]): LoadResult {
  return {
    target: 'direct',
    concurrency: 100,
    stream: true,
    windowMs: 1000,
    chunksPerSec,
    requestsPerSec: chunksPerSec / 200,
    chunks: chunksPerSec,
    requests: chunksPerSec / 200,
    ttftMs: percentiles(...ttft),
    latencyMs: percentiles(...ttft),
    errors: 0,
    cpuMs: 500,
    watchedCpuMs: [400, 100],
    aborted: 0,
  }
}

function phase(id: string, direct: LoadResult, proxy: LoadResult): PhaseResult {
  return {
    id,
    title: id,
    concurrency: 100,
    tokens: 200,
    delayMs: id.includes('paced') ? 20 : 0,
    stream: true,
    runs: 1,
    warmupMs: 0,
    durationMs: 1000,
    direct,
    proxy,
    runsChunksPerSec: { direct: [direct.chunksPerSec], proxy: [proxy.chunksPerSec] },
  }
}

const report: BenchReport = {
  measuredAt: '2026-11-26T06:00:00.000Z',
  durationSec: 60,
  machine: {
    cpuModel: 'CPU',
    cores: 2,
    memoryGiB: 4,
    os: 'Linux',
    kernel: '6',
    bun: '1.4.5',
    loadAverageBefore: [0.1, 0.1, 0.1],
  },
  settings: { quick: false, runs: 1, tokens: 200, delayMs: 20, memoryDelayMs: 50, proxy: 'binary' },
  phases: [
    phase('stream-max-c100', load(1_000_000, [10, 20]), load(700_000, [11, 22])),
    phase('stream-paced-c100', load(5000, [0.5, 2]), load(5000, [1.5, 5])),
  ],
  memory: {
    concurrency: 1000,
    delayMs: 50,
    freshMiB: 45,
    idleMiB: 70,
    peakMiB: 210,
    peakPerRoundMiB: [210],
    afterMiB: [80],
    afterSeriesMiB: [[120, 80]],
    backAfterSec: [2],
    hwmMiB: 211,
    settleMs: 2000,
  },
  budgets: [],
}

describe('evaluateBudgets', () => {
  test('checks each budget in its phase', () => {
    const budgets = Object.fromEntries(evaluateBudgets(report).map((b) => [b.id, b]))
    expect(budgets.throughput).toMatchObject({ measured: '70 %', pass: true })
    expect(budgets.ttft).toMatchObject({ measured: '3.00 ms', pass: false })
    expect(budgets['rss-peak']).toMatchObject({ pass: false })
    expect(budgets['rss-after']).toMatchObject({ pass: true })
    expect(budgets.startup).toBeUndefined()
  })
})

describe('toMarkdown', () => {
  test('has a table per measurement and the budgets with their verdicts', () => {
    const markdown = toMarkdown({ ...report, budgets: evaluateBudgets(report) })
    expect(markdown).toContain('| stream-max-c100')
    expect(markdown).toContain('| 70 %')
    expect(markdown).toContain('| FAIL')
    expect(markdown).toContain('210.0 MiB')
  })
})

describe('withGeneratedPart', () => {
  test('replaces what is between the markers and keeps the rest', () => {
    const before = '# B\n\nintro\n\n<!-- bench:start -->\nold\n<!-- bench:end -->\n\nafter\n'
    expect(withGeneratedPart(before, 'new\n')).toBe(
      '# B\n\nintro\n\n<!-- bench:start -->\n\nnew\n\n<!-- bench:end -->\n\nafter\n',
    )
  })

  test('appends the part with markers when there are none', () => {
    expect(withGeneratedPart('# B\n', 'new\n')).toBe(
      '# B\n\n<!-- bench:start -->\n\nnew\n\n<!-- bench:end -->\n',
    )
  })
})
