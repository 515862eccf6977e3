/**
 * The release, in two commands; the workflows run exactly these (README "Releasing").
 *
 *   bun docker/release.ts build --image ghcr.io/acme/ollama-openai-proxy --ref refs/tags/v1.2.3 \
 *     --sha <commit> --source https://github.com/acme/ollama-openai-proxy [--out dist/release]
 *   bun docker/release.ts push [--out dist/release]
 *
 * `build` pushes nothing. It works out the tags for the git context (docker/release-plan.ts),
 * builds the release binaries for a version tag (`scripts/build.ts --all`, then <out>/binaries:
 * the six files and SHA256SUMS), builds the Dockerfile's `prod` stage for linux/amd64 and
 * linux/arm64 with BuildKit (`--platform`: the arm64 binary is cross-compiled and linked with
 * Debian's libc6:arm64, nothing is emulated; docker/stage-prod-rootfs.sh), checks each image
 * (platform, OCI labels, and `--version` run in it: arm64 through qemu-user), copies both into an
 * OCI layout with skopeo (<out>/image, layers gzip-compressed), gives each an OCI manifest over
 * the same blobs (docker/to-oci-manifest.ts: the image config stays Docker's, byte for byte, so
 * HEALTHCHECK is kept), joins them in one OCI image index (docker/oci-image-index.ts, with the
 * OCI labels as annotations), and writes <out>/plan.json last. `push` then copies that index with
 * skopeo to every planned tag (the first copy uploads the blobs and moves the tag only at its
 * end), and checks each tag names the planned digest. A failed step exits 1 before anything is
 * pushed; `push` refuses a layout without a plan.
 *
 * Needs: Docker with BuildKit (`DOCKER_BUILDKIT=1 docker build`), skopeo, and qemu-user
 * registered with binfmt_misc for the arm64 check (Debian: qemu-user-static binfmt-support;
 * docker/install-release-tools.sh). A registry on a loopback address is spoken to over plain
 * HTTP. Credentials: skopeo reads `docker login`'s (~/.docker/config.json).
 * Environment: DOCKER (default /usr/bin/docker when present).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  type ReleaseTarget,
  releaseFileName,
  releaseTargets,
  writeChecksums,
} from '../scripts/build.ts'
import {
  type Descriptor,
  type OciImageIndex,
  ociImageIndex,
  type PlatformImage,
} from './oci-image-index.ts'
import { type ReleasePlan, releasePlan } from './release-plan.ts'
import { type DockerManifest, type OciManifest, toOciManifest } from './to-oci-manifest.ts'

const repo = resolve(import.meta.dir, '..')
const docker = process.env.DOCKER ?? (existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker')
const architectures = ['amd64', 'arm64'] as const
const indexRef = 'release'
const usage = `usage:
  bun docker/release.ts build --image <registry>/<name> --ref <git ref> --sha <commit> --source <url>
                              [--out dist/release] [--default-branch main] [--created <RFC 3339>]
  bun docker/release.ts push [--out dist/release]`

/** What `build` leaves for `push` in <out>/plan.json. */
interface PublishPlan extends ReleasePlan {
  image: string
  revision: string
  /** The image index's digest; every tag must name it after the push. */
  digest: string
  /** Image manifest digest per platform (`linux/amd64`: `sha256:…`). */
  platforms: Record<string, string>
  /** Release files in <out>/binaries (SHA256SUMS last); empty unless `binaries`. */
  files: string[]
}

class ReleaseError extends Error {}

const started = performance.now()
const say = (line: string) => process.stdout.write(`${line}\n`)
const step = (what: string) =>
  say(`\n==> ${what} (${((performance.now() - started) / 1000).toFixed(0)}s)`)

/** Runs a command; its output goes to ours unless captured. Throws on a non-zero exit. */
async function run(
  cmd: string[],
  options: { capture?: boolean; env?: Record<string, string> } = {},
): Promise<string> {
  const proc = Bun.spawn(cmd, {
    cwd: repo,
    env: { ...process.env, ...options.env },
    stdin: 'ignore',
    stdout: options.capture ? 'pipe' : 'inherit',
    stderr: options.capture ? 'pipe' : 'inherit',
  })
  const [stdout, stderr, code] = await Promise.all([
    options.capture ? new Response(proc.stdout).text() : '',
    options.capture ? new Response(proc.stderr).text() : '',
    proc.exited,
  ])
  if (code !== 0) {
    throw new ReleaseError(`\`${cmd.join(' ')}\` exited with ${code}\n${stderr.trim()}`)
  }
  return stdout
}

async function requireSkopeo(): Promise<void> {
  await run(['skopeo', '--version'], { capture: true }).catch(() => {
    throw new ReleaseError(
      'skopeo is missing (Debian/Ubuntu: apt-get install skopeo; or docker/install-release-tools.sh)',
    )
  })
}

/** Plain HTTP for a registry on a loopback address (as Docker allows), TLS everywhere else. */
function tlsFlag(image: string, flag: '--dest-tls-verify' | '--tls-verify'): string[] {
  const host = image.split('/')[0] ?? ''
  const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?$/.test(host)
  return loopback ? [`${flag}=false`] : []
}

const sha256 = (bytes: Uint8Array | string) =>
  `sha256:${new Bun.CryptoHasher('sha256').update(bytes).digest('hex')}`

interface LayoutIndex {
  schemaVersion: 2
  manifests: Descriptor[]
}

interface ImageInspect {
  Id: string
  Os: string
  Architecture: string
  Config: { Labels: Record<string, string> | null }
}

/** Builds the binaries into <out>/binaries: the six release files and their SHA256SUMS. */
async function buildBinaries(out: string): Promise<string[]> {
  await run([process.execPath, 'scripts/build.ts', '--all'])
  const dir = join(out, 'binaries')
  mkdirSync(dir, { recursive: true })
  const names = (Object.keys(releaseTargets) as ReleaseTarget[]).map(releaseFileName)
  for (const name of names) copyFileSync(join(repo, 'dist', name), join(dir, name))
  await writeChecksums(
    names.map((name) => join(dir, name)),
    dir,
  )
  return [...names, 'SHA256SUMS']
}

/** `docker build --platform linux/<architecture> --target prod` with the labels as build args. */
async function buildImage(platform: string, local: string, labels: Record<string, string>) {
  step(`image ${platform}: docker build --target prod`)
  const buildArgs = {
    VERSION: labels['org.opencontainers.image.version'],
    REVISION: labels['org.opencontainers.image.revision'],
    SOURCE: labels['org.opencontainers.image.source'],
    CREATED: labels['org.opencontainers.image.created'],
  }
  await run(
    [
      docker,
      'build',
      '--progress=plain',
      '--platform',
      platform,
      '--target',
      'prod',
      ...Object.entries(buildArgs).flatMap(([key, value]) => ['--build-arg', `${key}=${value}`]),
      '--tag',
      local,
      repo,
    ],
    { env: { DOCKER_BUILDKIT: '1' } },
  )
}

/** Checks a built image: its platform, its labels, and `--version` run in it (qemu-user for arm64). */
async function checkImage(
  platform: string,
  local: string,
  labels: Record<string, string>,
  packageVersion: string,
): Promise<ImageInspect> {
  step(`image ${platform}: check platform, labels, --version`)
  const info = JSON.parse(
    await run([docker, 'image', 'inspect', '--format', '{{json .}}', local], { capture: true }),
  ) as ImageInspect
  const imageLabels = info.Config.Labels ?? {}
  const wrong = Object.entries(labels).filter(([key, value]) => imageLabels[key] !== value)
  if (`${info.Os}/${info.Architecture}` !== platform || wrong.length > 0) {
    const found = wrong.map(([key]) => `${key}=${imageLabels[key]}`)
    throw new ReleaseError(
      `${local} is ${info.Os}/${info.Architecture}, labels ${found.join(', ')}`,
    )
  }
  const version = await run(
    [docker, 'run', '--rm', '--network', 'none', '--platform', platform, local, '--version'],
    { capture: true },
  ).catch((error: Error) => {
    const hint = /exec format error/.test(error.message)
      ? ` (${platform} binaries do not run here: register qemu-user with binfmt_misc, Debian: apt-get install qemu-user-static binfmt-support)`
      : ''
    throw new ReleaseError(`${error.message}${hint}`)
  })
  if (version.trim() !== packageVersion) {
    throw new ReleaseError(`${local} --version printed "${version.trim()}", not ${packageVersion}`)
  }
  say(`${platform}: ${info.Os}/${info.Architecture}, --version ${version.trim()}`)
  return info
}

/**
 * Copies a checked image into the OCI layout and stores its OCI manifest there. `--format v2s2`:
 * converting to OCI itself, skopeo would rewrite the config as an OCI config, which has no
 * Healthcheck field; toOciManifest keeps the config as the engine built it.
 */
async function addToLayout(
  architecture: string,
  local: string,
  info: ImageInspect,
  layout: string,
): Promise<PlatformImage> {
  step(`image linux/${architecture}: into the OCI layout`)
  await run([
    'skopeo',
    'copy',
    '--quiet',
    '--format',
    'v2s2',
    `docker-daemon:${local}`,
    `oci:${layout}:${architecture}`,
  ])
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as LayoutIndex
  const copied = index.manifests.find(
    (descriptor) => descriptor.annotations?.['org.opencontainers.image.ref.name'] === architecture,
  )
  if (!copied) throw new ReleaseError(`skopeo wrote no ${architecture} image into ${layout}`)
  const manifest = JSON.parse(
    readFileSync(blobPath(layout, copied.digest), 'utf8'),
  ) as DockerManifest
  if (manifest.config.digest !== info.Id) {
    throw new ReleaseError(`the layout holds config ${manifest.config.digest}, not ${info.Id}`)
  }
  return {
    manifest: writeBlob(layout, toOciManifest(manifest)),
    architecture,
    labels: info.Config.Labels ?? {},
  }
}

const blobPath = (layout: string, digest: string) =>
  join(layout, 'blobs', 'sha256', digest.slice('sha256:'.length))

/** Stores a manifest or index as a blob of the layout; returns its descriptor. */
function writeBlob(layout: string, content: OciManifest | OciImageIndex): Descriptor {
  const body = JSON.stringify(content)
  const digest = sha256(body)
  writeFileSync(blobPath(layout, digest), body)
  return { mediaType: content.mediaType, digest, size: Buffer.byteLength(body) }
}

/** Writes the multi-arch index into the layout; index.json then names only it (`release`). */
function writeIndex(layout: string, images: PlatformImage[]): string {
  const index = writeBlob(layout, ociImageIndex(images))
  const top: LayoutIndex = {
    schemaVersion: 2,
    manifests: [{ ...index, annotations: { 'org.opencontainers.image.ref.name': indexRef } }],
  }
  writeFileSync(join(layout, 'index.json'), JSON.stringify(top))
  return index.digest
}

async function build(options: Record<string, string | undefined>): Promise<void> {
  const out = resolve(options.out ?? join(repo, 'dist', 'release'))
  const missing = ['image', 'ref', 'sha', 'source'].filter((name) => !options[name])
  if (missing.length > 0) throw new ReleaseError(`missing --${missing.join(', --')}\n${usage}`)
  const image = options.image as string
  const sha = options.sha as string
  const packageVersion = (
    JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }
  ).version
  const plan = releasePlan({
    ref: options.ref as string,
    sha,
    packageVersion,
    defaultBranch: options['default-branch'] ?? 'main',
  })
  const created = options.created ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z')
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(created)) {
    throw new ReleaseError(`--created must be an RFC 3339 time such as 2026-01-31T12:00:00Z`)
  }
  step(
    `plan: ${options.ref} -> ${plan.tags.map((tag) => `${image}:${tag}`).join(', ') || 'no tags (build only)'}`,
  )
  await requireSkopeo()
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })

  let files: string[] = []
  if (plan.binaries) {
    step('binaries: scripts/build.ts --all')
    files = await buildBinaries(out)
  }

  const labels = {
    'org.opencontainers.image.source': options.source as string,
    'org.opencontainers.image.version': plan.version,
    'org.opencontainers.image.revision': sha,
    'org.opencontainers.image.created': created,
  }
  const layout = join(out, 'image')
  const local = (architecture: string) =>
    `ollama-openai-proxy-release:${architecture}-${process.pid}`
  const images: PlatformImage[] = []
  try {
    for (const architecture of architectures) {
      const platform = `linux/${architecture}`
      await buildImage(platform, local(architecture), labels)
      const info = await checkImage(platform, local(architecture), labels, packageVersion)
      images.push(await addToLayout(architecture, local(architecture), info, layout))
    }
  } finally {
    await run([docker, 'image', 'rm', ...architectures.map(local)], { capture: true }).catch(
      () => undefined,
    )
  }
  const digest = writeIndex(layout, images)
  const publish: PublishPlan = {
    ...plan,
    image,
    revision: sha,
    digest,
    platforms: Object.fromEntries(
      images.map((entry) => [`linux/${entry.architecture}`, entry.manifest.digest]),
    ),
    files,
  }
  writeFileSync(join(out, 'plan.json'), `${JSON.stringify(publish, null, 2)}\n`)
  step(`built: image index ${digest} (${Object.keys(publish.platforms).join(', ')}) in ${layout}`)
  if (files.length > 0) say(`binaries: ${join(out, 'binaries')}: ${files.join(', ')}`)
  say(`next: bun docker/release.ts push${options.out ? ` --out ${options.out}` : ''}`)
}

async function push(options: Record<string, string | undefined>): Promise<void> {
  const out = resolve(options.out ?? join(repo, 'dist', 'release'))
  const planFile = join(out, 'plan.json')
  if (!existsSync(planFile)) {
    throw new ReleaseError(
      `no ${planFile}: run \`bun docker/release.ts build\` first (it writes the plan last)`,
    )
  }
  const plan = JSON.parse(readFileSync(planFile, 'utf8')) as PublishPlan
  if (plan.tags.length === 0) {
    say(`nothing to push: no tags for this git context (${plan.version})`)
    return
  }
  await requireSkopeo()
  for (const tag of plan.tags) {
    const target = `${plan.image}:${tag}`
    step(`push ${target}`)
    await run([
      'skopeo',
      'copy',
      '--all',
      '--preserve-digests',
      '--retry-times',
      '3',
      ...tlsFlag(plan.image, '--dest-tls-verify'),
      `oci:${join(out, 'image')}:${indexRef}`,
      `docker://${target}`,
    ])
    const raw = await run(
      ['skopeo', 'inspect', '--raw', ...tlsFlag(plan.image, '--tls-verify'), `docker://${target}`],
      { capture: true },
    )
    if (sha256(raw) !== plan.digest) {
      throw new ReleaseError(`${target} names ${sha256(raw)}, not the built index ${plan.digest}`)
    }
  }
  step(`pushed ${plan.digest} as ${plan.tags.map((tag) => `${plan.image}:${tag}`).join(', ')}`)
}

if (import.meta.main) {
  try {
    const { positionals, values } = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: Object.fromEntries(
        ['image', 'ref', 'sha', 'source', 'out', 'default-branch', 'created'].map((name) => [
          name,
          { type: 'string' as const },
        ]),
      ),
    })
    const command = positionals[0]
    if (positionals.length !== 1 || (command !== 'build' && command !== 'push')) {
      throw new ReleaseError(usage)
    }
    await (command === 'build' ? build(values) : push(values))
  } catch (error) {
    const code = (error as { code?: string }).code ?? ''
    const message =
      error instanceof ReleaseError
        ? error.message
        : code.startsWith('ERR_PARSE_ARGS')
          ? `${(error as Error).message}\n${usage}`
          : String((error as Error).stack ?? error)
    process.stderr.write(`release failed: ${message}\n`)
    process.exit(1)
  }
}
