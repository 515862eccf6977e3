/**
 * The processes of a benchmark run: the fake upstream, the proxy, and load generators. Each runs
 * with the open-file limit raised to the hard limit (1000 streams need about 2000 descriptors in
 * the proxy: client and upstream socket each), and only ever on 127.0.0.1.
 */

import { join } from 'node:path'
import type { Subprocess } from 'bun'
import type { LoadOptions, LoadResult } from './load.ts'

const benchDir = import.meta.dir
const root = join(benchDir, '..')

/**
 * Bun's fetch sends at most 256 requests at once unless `BUN_CONFIG_MAX_HTTP_REQUESTS` says more
 * (read once, at process start): the proxy needs one upstream request per stream, the load
 * generator one per client.
 */
export const maxHttpRequests = '4096'

/** `command` run through sh with the soft open-file limit raised as far as the hard one allows. */
function withFileLimit(command: string[]): string[] {
  const raise =
    'n=$(ulimit -Hn); [ "$n" = unlimited ] && n=1048576; ulimit -n "$n" 2>/dev/null || ulimit -n 65536 2>/dev/null; exec "$@"'
  return ['/bin/sh', '-c', raise, 'sh', ...command]
}

/** The open-file limit the benchmark's processes get (the hard limit). */
export function fileLimit(): number {
  const shell = Bun.spawnSync(['/bin/sh', '-c', 'ulimit -Hn'])
  const text = shell.stdout.toString().trim()
  return text === 'unlimited' ? 1_048_576 : Number(text) || 1024
}

export interface Running {
  process: Subprocess
  pid: number
  stop: () => Promise<void>
}

export interface RunningUpstream extends Running {
  /** e.g. http://127.0.0.1:40123 (no /v1) */
  url: string
}

/** Starts a bench script that prints `{"port": …}` once it listens on 127.0.0.1. */
async function startScript(
  script: string,
  args: string[],
  label: string,
): Promise<RunningUpstream> {
  const child = Bun.spawn(withFileLimit([process.execPath, join(benchDir, script), ...args]), {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', BUN_CONFIG_MAX_HTTP_REQUESTS: maxHttpRequests },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'inherit',
  })
  const reader = child.stdout.getReader()
  const decoder = new TextDecoder()
  let text = ''
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  while (!text.includes('\n')) {
    const { value, done } = await reader.read()
    if (done) throw new Error(`the ${label} exited before it listened`)
    text += decoder.decode(value, { stream: true })
  }
  clearTimeout(timer)
  reader.releaseLock()
  const { port } = JSON.parse(text) as { port: number }
  return { process: child, pid: child.pid, url: `http://127.0.0.1:${port}`, stop: stopper(child) }
}

/** Starts the fake upstream (bench/fake-upstream.ts). */
export function startUpstream(): Promise<RunningUpstream> {
  return startScript('fake-upstream.ts', [], 'fake upstream')
}

/** Starts the reference pass-through proxy (bench/passthrough.ts) in front of `upstreamUrl`. */
export function startPassthrough(upstreamUrl: string): Promise<RunningUpstream> {
  return startScript('passthrough.ts', [upstreamUrl], 'pass-through proxy')
}

export interface RunningProxy extends Running {
  /** e.g. http://127.0.0.1:40123 */
  url: string
}

/**
 * Starts the proxy in front of `upstreamUrl` and waits for its /health. `command` is the binary
 * (or `bun src/main.ts`); the log level stays at its default (info: one line per request, written
 * to /dev/null), as deployed. With `configFile`, the backends are the file's (`--config`), else
 * the one the environment describes.
 */
export async function startProxy(
  command: string[],
  upstreamUrl: string,
  configFile?: string,
): Promise<RunningProxy> {
  const port = await freePort()
  const backend = configFile ? {} : { UPSTREAM: 'openai', OPENAI_API_BASE_URL: `${upstreamUrl}/v1` }
  const config = configFile ? ['--config', configFile] : []
  const child = Bun.spawn(
    withFileLimit([...command, '--host', '127.0.0.1', '--port', String(port), ...config]),
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        ...backend,
        BUN_CONFIG_MAX_HTTP_REQUESTS: maxHttpRequests,
      },
      stdin: 'ignore',
      stdout: 'ignore',
      stderr: 'inherit',
    },
  )
  const url = `http://127.0.0.1:${port}`
  await waitForHealth(`${url}/health`, child)
  return { process: child, pid: child.pid, url, stop: stopper(child) }
}

/** Runs bench/load.ts with `options` in a process of its own; its result. */
export async function runLoadProcess(options: LoadOptions): Promise<LoadResult> {
  const child = Bun.spawn(
    withFileLimit([process.execPath, join(benchDir, 'load.ts'), JSON.stringify(options)]),
    {
      cwd: root,
      env: { ...process.env, BUN_CONFIG_MAX_HTTP_REQUESTS: maxHttpRequests },
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'pipe',
    },
  )
  const [code, stdout, stderr] = await Promise.all([
    child.exited,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ])
  if (code !== 0) throw new Error(`the load generator failed (${code}):\n${stderr}`)
  return JSON.parse(stdout) as LoadResult
}

function stopper(child: Subprocess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    await child.exited
    clearTimeout(timer)
  }
}

async function waitForHealth(url: string, child: Subprocess): Promise<void> {
  const deadline = performance.now() + 15_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the proxy exited with ${child.exitCode}`)
    if (performance.now() > deadline) throw new Error(`no 200 from ${url} within 15 s`)
    try {
      const response = await fetch(url)
      await response.arrayBuffer()
      if (response.status === 200) return
    } catch {
      // Not listening yet.
    }
    await Bun.sleep(5)
  }
}

/** A TCP port on loopback that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() })
  const port = server.port as number
  await server.stop(true)
  return port
}
