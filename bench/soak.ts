/**
 * The soak test: `bun run soak [--streams N] [--minutes M] [--delay MS] [--tokens N] [--source]`.
 * Holds N concurrent paced streams (default 200, 50 ms per token, 200 tokens per answer, each
 * client starting a new answer as soon as one ends) through the proxy (the compiled binary, or
 * `bun src/main.ts` with --source) for M minutes (default 5), printing the proxy's RSS every 15 s,
 * then the drift: RSS at the end against RSS at the first sample, once the load was up. Exits 1
 * when requests failed. Not in CI (it takes minutes); its last result is in the README.
 */
import { join, resolve } from 'node:path'
import { ensureHostBinary } from '../scripts/ensure-binary.ts'
import { memoryOf } from './proc.ts'
import { runLoadProcess, startProxy, startUpstream } from './processes.ts'

const root = resolve(import.meta.dir, '..')
const say = (line: string) => process.stdout.write(`${line}\n`)

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(name)
  if (index < 0) return fallback
  const value = Number(process.argv[index + 1])
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number`)
  return value
}

const streams = flag('--streams', 200)
const minutes = flag('--minutes', 5)
const delayMs = flag('--delay', 50)
const tokens = flag('--tokens', 200)
const sampleEveryMs = 15_000

const binary = process.argv.includes('--source') ? undefined : await ensureHostBinary()
const command = binary ? [binary] : [process.execPath, join(root, 'src/main.ts')]
const upstream = await startUpstream()
const proxy = await startProxy(command, upstream.url)
const mib = () => memoryOf(proxy.pid)?.rssMiB ?? Number.NaN
const idle = mib()
say(
  `soak: ${streams} streams, ${delayMs} ms/token, ${tokens} tokens per answer, ${minutes} min; proxy ${command.join(' ')} idle RSS ${idle.toFixed(1)} MiB`,
)
const started = performance.now()
const load = runLoadProcess({
  baseUrl: proxy.url,
  target: 'proxy',
  concurrency: streams,
  warmupMs: 0,
  durationMs: minutes * 60_000,
  tokens,
  delayMs,
  stream: true,
  staggerMs: Math.min(5000, delayMs * tokens),
  drainMs: delayMs * tokens + 5000,
})
const samples: number[] = []
let finished = false
void load.finally(() => {
  finished = true
})
while (!finished) {
  await Promise.race([Bun.sleep(sampleEveryMs), load.catch(() => undefined)])
  if (finished) break
  const rss = mib()
  samples.push(rss)
  const seconds = Math.round((performance.now() - started) / 1000)
  say(`  ${String(seconds).padStart(5)} s  RSS ${rss.toFixed(1)} MiB`)
}
const result = await load
const after = mib()
await proxy.stop()
await upstream.stop()
const first = samples[0] ?? Number.NaN
const last = samples.at(-1) ?? Number.NaN
say(
  `requests ${result.requests} (${result.requestsPerSec.toFixed(1)}/s), chunks ${result.chunks}, errors ${result.errors}${result.firstError ? ` (first: ${result.firstError})` : ''}`,
)
say(
  `RSS: idle ${idle.toFixed(1)} MiB, first sample ${first.toFixed(1)}, last ${last.toFixed(1)}, peak ${Math.max(...samples).toFixed(1)}, after the load ${after.toFixed(1)} MiB; drift ${(last - first).toFixed(1)} MiB (${(((last - first) / first) * 100).toFixed(1)} %)`,
)
process.exit(result.errors > 0 ? 1 : 0)
