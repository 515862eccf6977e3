/**
 * A small step runner for the Docker and first-run tests: steps run in order, each prints PASS/FAIL/SKIP with
 * its name and time, a failed step skips the steps that need it, and every command's output goes
 * to a log file whose tail is printed when its step fails.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface CommandResult {
  code: number
  stdout: string
  stderr: string
  ms: number
}

export interface CommandOptions {
  env?: Record<string, string | undefined>
  cwd?: string
  timeoutMs?: number
  /** Fail (throw) on a non-zero exit code; default true. */
  check?: boolean
}

/** Thrown by a step to fail it; `detail` (e.g. a log tail) is printed under the failure. */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly detail = '',
  ) {
    super(message)
  }
}

interface Step {
  name: string
  needs: string[]
  run: () => Promise<string | undefined>
}

const color = process.stdout.isTTY
  ? (code: number, text: string) => `\x1b[${code}m${text}\x1b[0m`
  : (_code: number, text: string) => text

function write(line: string): void {
  process.stdout.write(`${line}\n`)
}

export class Harness {
  readonly logDir: string
  private readonly steps: Step[] = []
  private readonly cleanups: (() => Promise<void>)[] = []
  private logFile: string
  private readonly started = performance.now()

  /** `title` names the run in its summary ("docker: 3 passed, …"). */
  constructor(
    logDir: string,
    readonly title = 'docker',
  ) {
    this.logDir = logDir
    mkdirSync(logDir, { recursive: true })
    this.logFile = join(logDir, 'setup.log')
    writeFileSync(this.logFile, '')
  }

  /** Declares a step; it runs after the earlier ones, and only if every step in `needs` passed. */
  step(name: string, needs: string[], run: () => Promise<string | undefined>): void {
    for (const need of needs) {
      if (!this.steps.some((step) => step.name === need)) {
        throw new Error(`step "${name}" needs unknown step "${need}"`)
      }
    }
    this.steps.push({ name, needs, run })
  }

  /** Registers cleanup work, run in reverse order after the steps (also on SIGINT/SIGTERM). */
  onCleanup(cleanup: () => Promise<void>): void {
    this.cleanups.push(cleanup)
  }

  log(text: string): void {
    appendFileSync(this.logFile, text.endsWith('\n') ? text : `${text}\n`)
  }

  /** Runs a command, logging it and its output to the current step's log. */
  async sh(cmd: string[], options: CommandOptions = {}): Promise<CommandResult> {
    const start = performance.now()
    this.log(`$ ${cmd.join(' ')}`)
    const proc = Bun.spawn(cmd, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'pipe',
    })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      proc.kill('SIGKILL')
    }, options.timeoutMs ?? 120_000)
    const [stdout, stderr, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ])
    clearTimeout(timer)
    const ms = performance.now() - start
    this.log(`${stdout}${stderr}[exit ${code} after ${(ms / 1000).toFixed(1)}s]`)
    if (timedOut) {
      throw new StepFailure(
        `\`${cmd.join(' ')}\` timed out after ${options.timeoutMs ?? 120_000} ms`,
        tail(`${stdout}${stderr}`),
      )
    }
    if (code !== 0 && options.check !== false) {
      throw new StepFailure(`\`${cmd.join(' ')}\` exited with ${code}`, tail(`${stdout}${stderr}`))
    }
    return { code, stdout, stderr, ms }
  }

  /** Runs every step, then the cleanups; returns the process exit code. */
  async runAll(): Promise<number> {
    const outcome = new Map<string, 'pass' | 'fail' | 'skip'>()
    const onSignal = async () => {
      write(color(33, '\ninterrupted: cleaning up'))
      await this.cleanup()
      process.exit(130)
    }
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    for (const [index, step] of this.steps.entries()) {
      const label = `[${String(index + 1).padStart(2)}/${this.steps.length}] ${step.name}`
      const missing = step.needs.filter((need) => outcome.get(need) !== 'pass')
      if (missing.length > 0) {
        outcome.set(step.name, 'skip')
        write(`${color(33, 'SKIP')} ${label} (needs: ${missing.join(', ')})`)
        continue
      }
      this.logFile = join(
        this.logDir,
        `${String(index + 1).padStart(2, '0')}-${slug(step.name)}.log`,
      )
      writeFileSync(this.logFile, `# ${step.name}\n`)
      write(`${color(36, ' RUN')} ${label}`)
      const start = performance.now()
      try {
        const detail = await step.run()
        outcome.set(step.name, 'pass')
        write(`${color(32, 'PASS')} ${label} (${seconds(start)})${detail ? `: ${detail}` : ''}`)
      } catch (error) {
        outcome.set(step.name, 'fail')
        const failure =
          error instanceof StepFailure ? error : new StepFailure(String((error as Error).stack))
        write(`${color(31, 'FAIL')} ${label} (${seconds(start)}): ${failure.message}`)
        if (failure.detail) write(indent(failure.detail))
        write(`     log: ${this.logFile}`)
      }
    }
    await this.cleanup()
    const count = (kind: string) => [...outcome.values()].filter((value) => value === kind).length
    const failed = [...outcome].filter(([, value]) => value === 'fail').map(([name]) => name)
    write('')
    if (failed.length > 0) write(color(31, `failed steps: ${failed.join('; ')}`))
    write(`${this.title} tests took ${seconds(this.started)}; logs in ${this.logDir}`)
    write(
      `${this.title}: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`,
    )
    return failed.length > 0 ? 1 : 0
  }

  private async cleanup(): Promise<void> {
    this.logFile = join(this.logDir, 'cleanup.log')
    while (this.cleanups.length > 0) {
      const cleanup = this.cleanups.pop()
      try {
        await cleanup?.()
      } catch (error) {
        this.log(`cleanup failed: ${(error as Error).message}`)
      }
    }
  }
}

export function tail(text: string, lines = 25): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `     | ${line}`)
    .join('\n')
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

function seconds(start: number): string {
  return `${((performance.now() - start) / 1000).toFixed(1)}s`
}

/** Waits until `probe` returns a value (not undefined), polling every `everyMs`; throws on timeout. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  everyMs = 100,
): Promise<T> {
  const deadline = performance.now() + timeoutMs
  let lastError = ''
  while (performance.now() < deadline) {
    try {
      const value = await probe()
      if (value !== undefined) return value
    } catch (error) {
      lastError = (error as Error).message
    }
    await Bun.sleep(everyMs)
  }
  throw new StepFailure(
    `${what}: not within ${timeoutMs / 1000}s${lastError ? ` (last error: ${lastError})` : ''}`,
  )
}
