import type { Subprocess } from 'bun'

export interface StartOptions {
  /** The process's whole environment (nothing is inherited). */
  env?: Record<string, string>
  cwd?: string
  /** How long to wait for the "listening" log line. */
  timeoutMs?: number
}

export interface RunningBinary {
  process: Subprocess<'ignore', 'pipe', 'pipe'>
  /** e.g. http://127.0.0.1:40123 */
  url: string
  /** Every JSON log line written to stdout so far. */
  logs: Record<string, unknown>[]
  /** Everything written to stderr so far. */
  stderr: () => string
  /** Sends SIGTERM and resolves with the exit code. */
  stop: () => Promise<number>
}

/**
 * Starts the service binary (usually with `--port 0`) and resolves once it logs "listening",
 * with the address it really listens on (loopback). Rejects if it exits or times out first.
 */
export async function startBinary(
  binary: string,
  args: string[],
  options: StartOptions = {},
): Promise<RunningBinary> {
  const child = Bun.spawn([binary, ...args], {
    env: options.env ?? {},
    cwd: options.cwd,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const logs: Record<string, unknown>[] = []
  let stderr = ''
  const { promise: listening, resolve, reject } = Promise.withResolvers<string>()
  void readLines(child.stdout, (line) => {
    const entry = parseJson(line)
    if (entry === undefined) return
    logs.push(entry)
    if (entry.message === 'listening' && typeof entry.url === 'string') {
      resolve(`http://127.0.0.1:${new URL(entry.url).port}`)
    }
  })
  void readLines(child.stderr, (line) => {
    stderr += `${line}\n`
  })
  void child.exited.then((code) =>
    reject(new Error(`${binary} exited with ${code} before listening:\n${stderr}`)),
  )
  const timeoutMs = options.timeoutMs ?? 10_000
  const timer = setTimeout(
    () => reject(new Error(`${binary} did not log "listening" within ${timeoutMs} ms`)),
    timeoutMs,
  )
  try {
    const url = await listening
    return {
      process: child,
      url,
      logs,
      stderr: () => stderr,
      stop: async () => {
        child.kill('SIGTERM')
        return child.exited
      },
    }
  } catch (error) {
    child.kill('SIGKILL')
    throw error
  } finally {
    clearTimeout(timer)
  }
}

async function readLines(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void) {
  const decoder = new TextDecoder()
  let buffered = ''
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true })
    const lines = buffered.split('\n')
    buffered = lines.pop() ?? ''
    for (const line of lines) onLine(line)
  }
  if (buffered !== '') onLine(buffered)
}

function parseJson(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line)
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
