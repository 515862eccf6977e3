/**
 * The first run as users meet it: scripts/bootstrap.sh, start.sh and test.sh run by fresh non-root
 * users in the situations that broke them. Each user gets a copy of this working tree in their
 * home and runs the scripts with a clean login environment, in a mount namespace where the
 * machine's own Bun is hidden (so that the scripts have to install it):
 *
 * A. the system's Node, whose npm global prefix (/usr) the user cannot write: Bun goes into
 *    ~/.local with a hint; a second run installs nothing; start.sh installs the production
 *    dependencies only, and serves;
 * B. npm's global prefix set to a writable directory that is not on PATH: the Bun installed there
 *    is run by its path;
 * C. an older Bun earlier on PATH: the pinned one is installed once and used (by start.sh and
 *    test.sh too), the old one is only asked its version; test.sh says what it skipped (without
 *    Chromium).
 *
 * Needs root (useradd, unshare, runuser) and the npm registry; installs Bun and the dependencies
 * from it for each user. Run with `bun run test:first-run`; logs in artifacts/first-run-test/.
 */
import { chmodSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import packageJson from '../../package.json' with { type: 'json' }
import { Harness, StepFailure, tail } from '../docker/harness.ts'

const repo = resolve(import.meta.dir, '../..')
const bunVersion = packageJson.packageManager.replace('bun@', '')
const base = `/tmp/first-run-test-${process.pid}`
const source = join(base, 'source.tar')
const h = new Harness(join(repo, 'artifacts', 'first-run-test'), 'first-run')
/** The machine's certificate settings (a TLS-inspecting network needs them); nothing else. */
const networkEnv = ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR'].flatMap((name) =>
  process.env[name] ? [`${name}=${process.env[name]}`] : [],
)
const loginPath = '/usr/local/bin:/usr/bin:/bin'

interface User {
  name: string
  home: string
}

/** A fresh user with a copy of the working tree in ~/repo. */
async function createUser(scenario: string): Promise<User> {
  const user = { name: `firstrun-${scenario}-${process.pid % 100_000}`, home: join(base, scenario) }
  await h.sh([
    'useradd',
    '--create-home',
    '--home-dir',
    user.home,
    '--shell',
    '/bin/bash',
    user.name,
  ])
  h.onCleanup(async () => {
    await h.sh(['userdel', '--remove', user.name], { check: false })
  })
  mkdirSync(join(user.home, 'repo'))
  await h.sh(['tar', '-xf', source, '-C', join(user.home, 'repo')])
  await h.sh(['chown', '-R', `${user.name}:`, user.home])
  return user
}

/**
 * Runs `script` with bash as `user`, logged in afresh (HOME, USER, the default PATH, plus `path`
 * in front of it), with the machine's Bun hidden; returns its output.
 */
async function runAs(user: User, script: string, options: { path?: string } = {}) {
  const file = join(user.home, `step-${Date.now()}.sh`)
  writeFileSync(file, `set -euo pipefail\ncd ~/repo\n${script}\n`)
  chmodSync(file, 0o644)
  const hide = machineBun.map((path) => `mount --bind /dev/null ${path}`).join(' && ')
  const login = [
    'env',
    '-i',
    `HOME=${user.home}`,
    `USER=${user.name}`,
    `LOGNAME=${user.name}`,
    `PATH=${options.path ? `${options.path}:` : ''}${loginPath}`,
    ...networkEnv,
    'bash',
    file,
  ]
  return h.sh(
    [
      'unshare',
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      `${hide || 'true'} && exec runuser -u ${user.name} -- "$@"`,
      'hide-bun',
      ...login,
    ],
    { timeoutMs: 300_000 },
  )
}

/** Where the machine's Bun lives (what `bun` on the default PATH runs), to hide it. */
const machineBun = [
  ...new Set(
    loginPath.split(':').flatMap((dir) => {
      try {
        return [realpathSync(join(dir, 'bun'))]
      } catch {
        return []
      }
    }),
  ),
]

/** The value of `name=…` printed on a line of `output`. */
function printed(output: string, name: string): string | undefined {
  return output.match(new RegExp(`^${name}=(.*)$`, 'm'))?.[1]
}

function expectThat(condition: boolean, message: string, output: string): void {
  if (!condition) throw new StepFailure(message, tail(output))
}

const report = 'echo "BUN=$BUN"; echo "VERSION=$(bun --version)"; echo "ON_PATH=$(command -v bun)"'

h.step(
  'preconditions: root, useradd, unshare, runuser, npm; a copy of the working tree',
  [],
  async () => {
    if (process.getuid?.() !== 0) throw new StepFailure('run as root (it creates users)')
    for (const tool of ['useradd', 'userdel', 'unshare', 'runuser', 'npm', 'tar']) {
      if (!Bun.which(tool)) throw new StepFailure(`${tool} is not installed`)
    }
    mkdirSync(base, { recursive: true })
    chmodSync(base, 0o755)
    h.onCleanup(async () => rmSync(base, { recursive: true, force: true }))
    const files = await h.sh(
      ['git', 'ls-files', '--cached', '--others', '--exclude-standard', '-z'],
      {
        cwd: repo,
      },
    )
    writeFileSync(join(base, 'files'), files.stdout)
    await h.sh(['tar', '--null', '-T', join(base, 'files'), '-cf', source], { cwd: repo })
    return `machine Bun hidden: ${machineBun.join(', ') || 'none found'}`
  },
)

let userA: User | undefined
h.step(
  "A: a non-root user with the system's Node: Bun goes into ~/.local, with a hint",
  ['preconditions: root, useradd, unshare, runuser, npm; a copy of the working tree'],
  async () => {
    userA = await createUser('a')
    const { stdout, stderr } = await runAs(
      userA,
      `source scripts/bootstrap.sh --production\n${report}`,
    )
    const output = `${stdout}${stderr}`
    const bun = `${userA.home}/.local/bin/bun`
    expectThat(
      stderr.includes(
        `npm's global prefix (/usr) is not writable by ${userA.name}: installing Bun ${bunVersion} into ${userA.home}/.local instead`,
      ) && stderr.includes(`add ${userA.home}/.local/bin to PATH`),
      'no hint about the user prefix',
      output,
    )
    expectThat(printed(stdout, 'BUN') === bun, `BUN is not ${bun}`, output)
    expectThat(
      printed(stdout, 'VERSION') === bunVersion,
      `bun --version is not ${bunVersion}`,
      output,
    )
    expectThat(printed(stdout, 'ON_PATH') === bun, 'the installed Bun is not first on PATH', output)
    return `Bun ${bunVersion} in ~/.local`
  },
)

h.step(
  'A: a second run installs nothing',
  ["A: a non-root user with the system's Node: Bun goes into ~/.local, with a hint"],
  async () => {
    const { stdout, stderr } = await runAs(
      userA as User,
      `source scripts/bootstrap.sh --production\n${report}`,
    )
    expectThat(!stderr.includes('==>'), 'it installed Bun again', `${stdout}${stderr}`)
    expectThat(printed(stdout, 'VERSION') === bunVersion, 'wrong Bun', `${stdout}${stderr}`)
    return undefined
  },
)

h.step(
  'A: start.sh installs the production dependencies only, and serves',
  ["A: a non-root user with the system's Node: Bun goes into ~/.local, with a hint"],
  async () => {
    const port = 20_000 + (process.pid % 20_000)
    const { stdout, stderr } = await runAs(
      userA as User,
      [
        `timeout 30 ./scripts/start.sh --host 127.0.0.1 --port ${port} > ~/start.log 2>&1 &`,
        'for _ in $(seq 1 100); do',
        `  if version=$(curl -sf http://127.0.0.1:${port}/api/version); then break; fi`,
        '  sleep 0.2',
        'done',
        'echo "SERVED=$version"',
        'kill %1',
        'wait || true',
        'for package in elysia openai @biomejs/biome playwright-core ollama; do',
        '  if [ -e "node_modules/$package" ]; then echo "HAS=$package"; fi',
        'done',
      ].join('\n'),
    )
    const output = `${stdout}${stderr}`
    expectThat(
      (printed(stdout, 'SERVED') ?? '').startsWith('{"version":'),
      'start.sh did not serve /api/version',
      output,
    )
    const installed = [...stdout.matchAll(/^HAS=(.*)$/gm)].map((match) => match[1])
    expectThat(
      installed.join(' ') === 'elysia openai',
      `installed: ${installed.join(' ')}; expected the production dependencies only`,
      output,
    )
    return 'elysia and openai installed; no biome, playwright-core or ollama'
  },
)

h.step(
  "B: npm's global prefix writable but not on PATH: Bun is run by its path",
  ['preconditions: root, useradd, unshare, runuser, npm; a copy of the working tree'],
  async () => {
    const user = await createUser('b')
    const prefix = `${user.home}/npm-global`
    const { stdout, stderr } = await runAs(
      user,
      `npm config set prefix ${prefix}\nsource scripts/bootstrap.sh --production\n${report}`,
    )
    const output = `${stdout}${stderr}`
    expectThat(
      stderr.includes(`installing Bun ${bunVersion} with npm into ${prefix}`),
      `it did not install into ${prefix}`,
      output,
    )
    expectThat(
      printed(stdout, 'BUN') === `${prefix}/bin/bun`,
      'BUN is not the installed one',
      output,
    )
    expectThat(printed(stdout, 'VERSION') === bunVersion, 'wrong Bun', output)
    return `Bun ${bunVersion} from ~/npm-global/bin, which is not on the user's PATH`
  },
)

h.step(
  'C: an older Bun earlier on PATH: the pinned one is installed once, and used',
  ['preconditions: root, useradd, unshare, runuser, npm; a copy of the working tree'],
  async () => {
    const user = await createUser('c')
    const oldBin = `${user.home}/old-bin`
    mkdirSync(oldBin)
    writeFileSync(
      join(oldBin, 'bun'),
      [
        '#!/bin/sh',
        `echo "$*" >> ${user.home}/old-bun.log`,
        'if [ "$1" = "--version" ]; then echo 1.1.0; exit 0; fi',
        'echo "the old Bun ran: $*" >&2',
        'exit 1',
      ].join('\n'),
    )
    chmodSync(join(oldBin, 'bun'), 0o755)
    await h.sh(['chown', '-R', `${user.name}:`, oldBin])
    // Each in a subshell: every run starts from the user's PATH, the old Bun first.
    const runs = [
      '(source scripts/bootstrap.sh --dev)',
      `(source scripts/bootstrap.sh --dev; ${report})`,
      'echo "SERVICE_VERSION=$(./scripts/start.sh --version)"',
      'CHROMIUM_PATH=/nonexistent/chromium ./scripts/test.sh src/demo/prompt-facts.test.ts',
      `echo "OLD_BUN_CALLS=$(sort -u ${user.home}/old-bun.log | tr '\\n' ' ')"`,
    ]
    const { stdout, stderr } = await runAs(user, runs.join('\n'), { path: oldBin })
    const output = `${stdout}${stderr}`
    const installs = stderr.split('\n').filter((line) => line.startsWith('==> ')).length
    expectThat(installs === 1, `Bun was installed ${installs} times, not once`, output)
    expectThat(
      printed(stdout, 'VERSION') === bunVersion,
      'bun on PATH is not the pinned one',
      output,
    )
    expectThat(
      printed(stdout, 'BUN') === `${user.home}/.local/bin/bun`,
      'BUN is not the installed one',
      output,
    )
    expectThat(
      printed(stdout, 'SERVICE_VERSION') === packageJson.version,
      'start.sh did not run the service',
      output,
    )
    expectThat(
      output.includes(`bun test v${bunVersion}`),
      'test.sh did not run the pinned Bun',
      output,
    )
    expectThat(
      printed(stdout, 'OLD_BUN_CALLS')?.trim() === '--version',
      'the old Bun was run for more than its version',
      output,
    )
    expectThat(
      stderr.includes(
        'Skipped: the Swagger UI browser tests (no Chromium at /nonexistent/chromium). To run them: sudo apt-get install -y chromium, or set CHROMIUM_PATH.',
      ),
      'test.sh did not say in one line what it skipped and how to get it',
      output,
    )
    return 'installed once; start/test scripts ran the pinned Bun; the old one was only asked its version'
  },
)

process.exit(await h.runAll())
