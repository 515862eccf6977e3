/**
 * Startup benchmark of the standalone binary: `bun bench/startup.ts [runs]`.
 *
 * Per run: exec → first 200 from GET /health (polled every 2 ms), then VmRSS 1 s after exec.
 * Reports medians against the targets, prints PASS/FAIL, writes docs/benchmarks-startup.json
 * and exits 1 on FAIL. `measureStartup` is exported for the full benchmark (`bun run bench`).
 */
import { statSync } from 'node:fs'
import { arch, cpus, platform } from 'node:os'
import { join } from 'node:path'
import { root } from '../scripts/build.ts'
import { ensureHostBinary } from '../scripts/ensure-binary.ts'

/** Targets from issue 3; sizes in MiB (2^20 bytes), as `ls -lh` and the stack notes count. */
export const startupTargets = { startupMs: 50, idleRssMiB: 45, binaryMiB: 115 }

export interface Summary {
  median: number
  min: number
  max: number
}

export interface StartupMeasurement {
  runs: number
  /** exec → first 200 from /health, in milliseconds. */
  startupMs: Summary
  /** Resident set size 1 s after exec, in MiB. */
  idleRssMiB: Summary
  /**
   * The same RSS split (Linux only): anonymous memory (JS heap, malloc, JIT code) and pages of
   * files, mostly the binary's own code and embedded modules.
   */
  idleRssSplitMiB?: { anon: Summary; file: Summary }
  binaryMiB: number
  pass: { startupMs: boolean; idleRssMiB: boolean; binaryMiB: boolean; all: boolean }
}

/** Measures `runs` fresh starts of `binaryPath` (serving the built-in demo backend). */
export async function measureStartup(binaryPath: string, runs = 10): Promise<StartupMeasurement> {
  const startups: number[] = []
  const rss: number[] = []
  const anon: number[] = []
  const file: number[] = []
  for (let run = 0; run < runs; run++) {
    const port = await freePort()
    const started = performance.now()
    const child = Bun.spawn(
      [binaryPath, '--demo', '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warn'],
      { env: {}, stdin: 'ignore', stdout: 'ignore', stderr: 'inherit' },
    )
    try {
      await waitForHealth(`http://127.0.0.1:${port}/health`, child.exited)
      startups.push(performance.now() - started)
      await Bun.sleep(Math.max(0, 1000 - (performance.now() - started)))
      const resident = await residentKiB(child.pid)
      rss.push(resident.total / 1024)
      if (resident.anon !== undefined) anon.push(resident.anon / 1024)
      if (resident.file !== undefined) file.push(resident.file / 1024)
    } finally {
      child.kill('SIGTERM')
      await child.exited
    }
  }
  const binaryMiB = statSync(binaryPath).size / 2 ** 20
  const startupMs = summarize(startups)
  const idleRssMiB = summarize(rss)
  const pass = {
    startupMs: startupMs.median <= startupTargets.startupMs,
    idleRssMiB: idleRssMiB.median <= startupTargets.idleRssMiB,
    binaryMiB: binaryMiB <= startupTargets.binaryMiB,
    all: false,
  }
  pass.all = pass.startupMs && pass.idleRssMiB && pass.binaryMiB
  const idleRssSplitMiB =
    anon.length === runs && file.length === runs
      ? { anon: summarize(anon), file: summarize(file) }
      : undefined
  return { runs, startupMs, idleRssMiB, idleRssSplitMiB, binaryMiB, pass }
}

async function waitForHealth(url: string, exited: Promise<number>): Promise<void> {
  let exitCode: number | undefined
  void exited.then((code) => {
    exitCode = code
  })
  const deadline = performance.now() + 10_000
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the binary exited with ${exitCode} before /health`)
    if (performance.now() > deadline) throw new Error(`no 200 from ${url} within 10 s`)
    try {
      const response = await fetch(url)
      await response.arrayBuffer()
      if (response.status === 200) return
    } catch {
      // Not listening yet.
    }
    await Bun.sleep(2)
  }
}

/** VmRSS (and its anon/file split) from /proc on Linux, else `ps -o rss=`; all in KiB. */
async function residentKiB(pid: number): Promise<{ total: number; anon?: number; file?: number }> {
  const text = await Bun.file(`/proc/${pid}/status`)
    .text()
    .catch(() => undefined)
  if (text !== undefined) {
    const field = (name: string) => {
      const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)
      return match ? Number(match[1]) : undefined
    }
    const total = field('VmRSS')
    if (total !== undefined) return { total, anon: field('RssAnon'), file: field('RssFile') }
  }
  const ps = Bun.spawnSync(['ps', '-o', 'rss=', '-p', String(pid)])
  return { total: Number(ps.stdout.toString().trim()) }
}

/** A TCP port that was free a moment ago, on loopback. */
async function freePort(): Promise<number> {
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() })
  const port = server.port as number
  await server.stop(true)
  return port
}

function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
  return { median, min: sorted[0] as number, max: sorted.at(-1) as number }
}

if (import.meta.main) {
  const runs = Number(process.argv[2] ?? 10)
  const binary = await ensureHostBinary()
  const result = await measureStartup(binary, runs)
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL')
  const t = startupTargets
  const row = (name: string, s: Summary, unit: string, target: number, ok: boolean) =>
    `${name.padEnd(18)} median ${s.median.toFixed(1).padStart(6)} ${unit}  (min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)})  target <= ${target} ${unit}  ${verdict(ok)}\n`
  process.stdout.write(
    `startup of ${binary}, ${runs} runs\n` +
      row('exec -> /health', result.startupMs, 'ms', t.startupMs, result.pass.startupMs) +
      row('idle RSS (1 s)', result.idleRssMiB, 'MiB', t.idleRssMiB, result.pass.idleRssMiB) +
      (result.idleRssSplitMiB
        ? `${'  of which'.padEnd(18)} anon ${result.idleRssSplitMiB.anon.median.toFixed(1)} MiB, file-backed ${result.idleRssSplitMiB.file.median.toFixed(1)} MiB\n`
        : '') +
      `${'binary size'.padEnd(18)} ${result.binaryMiB.toFixed(1)} MiB  target <= ${t.binaryMiB} MiB  ${verdict(result.pass.binaryMiB)}\n` +
      `${verdict(result.pass.all)}\n`,
  )
  const report = {
    measuredAt: new Date().toISOString(),
    machine: { platform: platform(), arch: arch(), cpus: cpus().length, bun: Bun.version },
    method:
      'exec -> first 200 from GET /health polled every 2 ms; VmRSS 1 s after exec; medians of fresh processes serving --demo',
    targets: startupTargets,
    ...result,
  }
  await Bun.write(
    join(root, 'docs/benchmarks-startup.json'),
    `${JSON.stringify(report, null, 2)}\n`,
  )
  process.exit(result.pass.all ? 0 : 1)
}
