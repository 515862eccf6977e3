/**
 * Builds the standalone binary: `bun scripts/build.ts` for this machine (dist/ollama-openai-proxy),
 * `bun scripts/build.ts --all` also for every release target, `--target <name>` (repeatable) for
 * the named ones (the Dockerfile's cross build). Writes dist/SHA256SUMS and smoke-tests the host
 * binary. See docs/binary.md.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { smokeTest } from './smoke-test.ts'
import { startBinary } from './start-binary.ts'

export const root = resolve(import.meta.dir, '..')
export const distDir = join(root, 'dist')
export const entrypoint = join(root, 'src/main.ts')
export const hostBinary = join(
  distDir,
  process.platform === 'win32' ? 'ollama-openai-proxy.exe' : 'ollama-openai-proxy',
)

/** Release targets: output suffix → `--target`. */
export const releaseTargets = {
  'linux-x64': 'bun-linux-x64',
  'linux-arm64': 'bun-linux-arm64',
  'linux-x64-musl': 'bun-linux-x64-musl',
  'darwin-x64': 'bun-darwin-x64',
  'darwin-arm64': 'bun-darwin-arm64',
  'windows-x64': 'bun-windows-x64',
} as const
export type ReleaseTarget = keyof typeof releaseTargets

/**
 * The `bun build` flags that are safe for Elysia (docs/reference stack notes §4): bytecode as ESM
 * (fast start, top-level await), `--minify-syntax` only (`--minify-whitespace` crashes Elysia's
 * handler analysis, identifier mangling breaks it too), an embedded source map, NODE_ENV compiled
 * in as production, and no `.env`/`bunfig.toml` read from the working directory at run time.
 * `--compile-jit-policy` keeps run-once startup code out of the JIT until the server listens
 * (`serve.ts` then restores the normal policy): less memory and a faster start.
 */
export const compileFlags = [
  '--compile',
  '--bytecode',
  '--format=esm',
  '--minify-syntax',
  '--sourcemap',
  '--define=process.env.NODE_ENV="production"',
  '--no-compile-autoload-dotenv',
  '--no-compile-autoload-bunfig',
  '--no-compile-autoload-tsconfig',
  '--no-compile-autoload-package-json',
  '--compile-jit-policy=32',
]

export interface CompileOptions {
  outfile: string
  /** A Bun target such as `bun-linux-arm64`; this machine when absent. */
  target?: string
  /** A profile from `recordBytecodeOrder`: the bytecode startup uses is laid out first. */
  bytecodeOrder?: string
}

/** Runs `bun build --compile` with `compileFlags`; the embedded source map is not left beside it. */
export async function compile(options: CompileOptions): Promise<void> {
  const command = [
    process.execPath,
    'build',
    entrypoint,
    ...compileFlags,
    ...(options.target ? [`--target=${options.target}`] : []),
    ...(options.bytecodeOrder ? [`--bytecode-order=${options.bytecodeOrder}`] : []),
    `--outfile=${options.outfile}`,
  ]
  const build = Bun.spawn(command, { cwd: root, stdout: 'pipe', stderr: 'pipe' })
  const [code, stdout, stderr] = await Promise.all([
    build.exited,
    new Response(build.stdout).text(),
    new Response(build.stderr).text(),
  ])
  if (code !== 0) throw new Error(`bun build failed (${code}):\n${stdout}${stderr}`)
  // The map is embedded in the binary (stack traces resolve without it).
  rmSync(`${options.outfile.replace(/\.exe$/, '')}.map`, { force: true })
  rmSync(`${options.outfile}.map`, { force: true })
}

/**
 * Records which functions a start of `binary` uses (BUN_BYTECODE_ORDER_OUT): start it, wait for
 * /health, stop it with SIGTERM. Building again with this profile puts that bytecode first, so
 * a start reads fewer pages of the binary.
 */
export async function recordBytecodeOrder(binary: string, profile: string): Promise<void> {
  const args = ['--demo', '--host', '127.0.0.1', '--port', '0']
  const service = await startBinary(binary, args, { env: { BUN_BYTECODE_ORDER_OUT: profile } })
  const health = await fetch(`${service.url}/health`)
  await health.arrayBuffer()
  const code = await service.stop()
  if (code !== 0 || !(await Bun.file(profile).exists())) {
    throw new Error(`recording the bytecode order failed (exit ${code}):\n${service.stderr()}`)
  }
}

/** Builds dist/ollama-openai-proxy for this machine, in two passes (the second with a profile). */
export async function buildHostBinary(): Promise<{ binary: string; profile: string }> {
  const profile = join(mkdtempSync(join(tmpdir(), 'ollama-openai-proxy-build-')), 'startup.order')
  await compile({ outfile: hostBinary })
  await recordBytecodeOrder(hostBinary, profile)
  await compile({ outfile: hostBinary, bytecodeOrder: profile })
  return { binary: hostBinary, profile }
}

/** The file name of a release target's binary: ollama-openai-proxy-<target>[.exe]. */
export const releaseFileName = (target: ReleaseTarget) =>
  `ollama-openai-proxy-${target}${target.startsWith('windows') ? '.exe' : ''}`

/** Cross-compiles one release target into dist/ollama-openai-proxy-<target>[.exe]. */
export async function buildRelease(target: ReleaseTarget, bytecodeOrder?: string): Promise<string> {
  const outfile = join(distDir, releaseFileName(target))
  await compile({ outfile, target: releaseTargets[target], bytecodeOrder })
  return outfile
}

/** Writes `dir`/SHA256SUMS for `files` (in `sha256sum` format: `<hex>  <name>`). */
export async function writeChecksums(files: string[], dir = distDir): Promise<string> {
  const lines: string[] = []
  for (const file of files) {
    const hasher = new Bun.CryptoHasher('sha256')
    for await (const chunk of Bun.file(file).stream()) hasher.update(chunk)
    lines.push(`${hasher.digest('hex')}  ${basename(file)}\n`)
  }
  const path = join(dir, 'SHA256SUMS')
  await Bun.write(path, lines.join(''))
  return path
}

const mebibytes = (file: string) => `${(statSync(file).size / 2 ** 20).toFixed(1)} MiB`
const say = (line: string) => process.stdout.write(`${line}\n`)

/**
 * Whether a release target runs on this machine (so it can be smoke-tested too): same OS and
 * CPU, and on Linux the C library's loader is present.
 */
export function runsHere(target: ReleaseTarget): boolean {
  const [os, cpu, libc] = target.split('-')
  const platform = os === 'windows' ? 'win32' : os
  if (platform !== process.platform || cpu !== process.arch) return false
  if (platform !== 'linux') return true
  const loaders: Record<string, string> = {
    'x64-glibc': '/lib64/ld-linux-x86-64.so.2',
    'arm64-glibc': '/lib/ld-linux-aarch64.so.1',
    'x64-musl': '/lib/ld-musl-x86_64.so.1',
    'arm64-musl': '/lib/ld-musl-aarch64.so.1',
  }
  return existsSync(loaders[`${cpu}-${libc ?? 'glibc'}`] ?? '')
}

/**
 * How to smoke-test a release binary here: the file itself when it runs here; for linux-arm64 on
 * Linux x86-64, a wrapper through qemu-user when `qemu-aarch64-static` and the arm64 C library
 * (Debian: qemu-user-static, libc6-arm64-cross) are installed; else undefined.
 */
export function smokeRunner(
  target: ReleaseTarget,
  file: string,
  scratch: string,
): string | undefined {
  if (runsHere(target)) return file
  const qemu = '/usr/bin/qemu-aarch64-static'
  const sysroot = '/usr/aarch64-linux-gnu'
  const emulated =
    target === 'linux-arm64' && process.platform === 'linux' && process.arch === 'x64'
  if (!emulated || !existsSync(qemu) || !existsSync(`${sysroot}/lib/ld-linux-aarch64.so.1`)) {
    return undefined
  }
  const wrapper = join(scratch, `${basename(file)}-under-qemu`)
  // QEMU_LD_PREFIX too: the service re-executes itself at start, and that exec goes through the
  // kernel's binfmt handler, which knows no -L.
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexport QEMU_LD_PREFIX=${sysroot}\nexec ${qemu} -L ${sysroot} '${file}' "$@"\n`,
    { mode: 0o755 },
  )
  return wrapper
}

async function smoke(binary: string, label = basename(binary)): Promise<void> {
  const passed = await smokeTest(binary)
  say(`smoke test of ${label} passed: ${passed.join(', ')}`)
}

async function runBuild(targets: ReleaseTarget[]): Promise<void> {
  const started = performance.now()
  const { binary, profile } = await buildHostBinary()
  const scratch = resolve(profile, '..')
  try {
    say(`built ${binary} (${mebibytes(binary)})`)
    await smoke(binary)
    const files = [binary]
    for (const target of targets) {
      const file = await buildRelease(target, profile)
      say(`built ${file} (${mebibytes(file)})`)
      const runner = smokeRunner(target, file, scratch)
      if (runner === file) await smoke(file)
      else if (runner) await smoke(runner, `${basename(file)} (under qemu-user)`)
      else say(`(${basename(file)} cannot run here: not smoke-tested)`)
      files.push(file)
    }
    say(`wrote ${await writeChecksums(files)}`)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  say(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}

const isReleaseTarget = (name: string | undefined): name is ReleaseTarget =>
  name !== undefined && Object.hasOwn(releaseTargets, name)

/** The release targets named by `--all` / `--target <name>`; a string names a bad argument. */
function targetsFrom(args: string[]): ReleaseTarget[] | string {
  const targets: ReleaseTarget[] = []
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]
    if (arg === '--all') targets.push(...(Object.keys(releaseTargets) as ReleaseTarget[]))
    else if (arg === '--target' && isReleaseTarget(args[index + 1]))
      targets.push(args[++index] as ReleaseTarget)
    else if (arg === '--target')
      return `--target needs one of ${Object.keys(releaseTargets).join(', ')}`
    else return `unknown argument ${arg}`
  }
  return [...new Set(targets)]
}

if (import.meta.main) {
  const targets = targetsFrom(process.argv.slice(2))
  if (typeof targets === 'string') {
    process.stderr.write(`${targets}; usage: bun scripts/build.ts [--all | --target <name>...]\n`)
    process.exit(2)
  }
  await runBuild(targets)
}
