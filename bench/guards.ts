/**
 * What the request guards cost the compiled proxy: `bun bench/guards.ts`.
 *
 * - 8 concurrent 100 MiB bodies, declared (Content-Length) and chunked, against the default
 *   MAX_BODY_SIZE (32 MiB): statuses, and the proxy's peak RSS (VmHWM, Linux), each scenario in
 *   a fresh process.
 * - 20 concurrent bodies nested 50,000 deep (~100 KB each) while /health is polled: statuses and
 *   the slowest /health answer.
 *
 * Prints one line per scenario; the README's Security section states the numbers.
 */

import { ensureHostBinary } from '../scripts/ensure-binary.ts'
import { startBinary } from '../scripts/start-binary.ts'

const binary = await ensureHostBinary()
const mib = 1024 ** 2

async function withProxy<T>(run: (url: string, peakMiB: () => Promise<number>) => Promise<T>) {
  const service = await startBinary(binary, ['--demo', '--port', '0'])
  const status = () => Bun.file(`/proc/${service.process.pid}/status`).text()
  const peakMiB = async () => Number(/VmHWM:\s+(\d+)/.exec(await status())?.[1]) / 1024
  try {
    return await run(service.url, peakMiB)
  } finally {
    await service.stop()
  }
}

function count(statuses: (number | string)[]): string {
  const counts = new Map<number | string, number>()
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1)
  return [...counts].map(([status, times]) => `${times}× ${status}`).join(', ')
}

const whole = new Uint8Array(100 * mib).fill(32)
const chunk = new Uint8Array(mib).fill(32)
const chunked = () => {
  let sent = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ === 100) controller.close()
      else controller.enqueue(chunk)
    },
  })
}

for (const [label, body] of [
  ['8 × 100 MiB, Content-Length', () => whole],
  ['8 × 100 MiB, chunked', chunked],
] as const) {
  await withProxy(async (url, peakMiB) => {
    const idle = await peakMiB()
    const started = performance.now()
    const statuses = await Promise.all(
      Array.from({ length: 8 }, () =>
        fetch(`${url}/api/chat`, { method: 'POST', body: body() })
          .then(async (response) => {
            await response.arrayBuffer()
            return response.status
          })
          .catch((error: Error) => error.message),
      ),
    )
    const ms = performance.now() - started
    process.stdout.write(
      `${label}: ${count(statuses)} in ${ms.toFixed(0)} ms; proxy peak RSS ${(await peakMiB()).toFixed(0)} MiB (${idle.toFixed(0)} MiB before)\n`,
    )
  })
}

await withProxy(async (url) => {
  const deep = `{"model":${'['.repeat(50_000)}${']'.repeat(50_000)}}`
  let polling = true
  let slowestHealthMs = 0
  const poll = (async () => {
    while (polling) {
      const started = performance.now()
      await (await fetch(`${url}/health`)).arrayBuffer()
      slowestHealthMs = Math.max(slowestHealthMs, performance.now() - started)
    }
  })()
  const started = performance.now()
  const statuses = await Promise.all(
    Array.from({ length: 20 }, async () => {
      const response = await fetch(`${url}/api/chat`, { method: 'POST', body: deep })
      await response.arrayBuffer()
      return response.status
    }),
  )
  const ms = performance.now() - started
  polling = false
  await poll
  process.stdout.write(
    `20 × nested 50,000 deep (${(deep.length / 1024).toFixed(0)} KiB): ${count(statuses)} in ${ms.toFixed(0)} ms; slowest /health meanwhile ${slowestHealthMs.toFixed(1)} ms\n`,
  )
})
