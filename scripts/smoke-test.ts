import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import packageJson from '../package.json' with { type: 'json' }
import { startBinary } from './start-binary.ts'

/**
 * Runs the built binary the way a user does and checks what must work in a compiled build:
 * `--version`, `--help`, serving from an empty directory (a `.env` and `bunfig.toml` there must
 * be ignored), /health, the API docs and their assets, one streamed /api/chat through the
 * built-in demo backend, an invalid body answered 400, `healthcheck`, and exit 0 on SIGTERM.
 * Throws on the first failure; returns the names of the checks that passed.
 */
export async function smokeTest(binary: string): Promise<string[]> {
  const passed: string[] = []
  const check = (name: string, ok: boolean, detail: unknown = '') => {
    if (!ok) throw new Error(`smoke test failed: ${name}: ${JSON.stringify(detail)}`)
    passed.push(name)
  }

  const version = Bun.spawnSync([binary, '--version'], { env: {} })
  check('--version', version.stdout.toString().trim() === packageJson.version, version.stdout)
  const help = Bun.spawnSync([binary, '--help'], { env: {} })
  check('--help', help.exitCode === 0 && help.stdout.toString().includes('--drain-timeout'))
  const bad = Bun.spawnSync([binary, '--no-such-flag'], { env: {} })
  check('unknown flag exits 2', bad.exitCode === 2, bad.stderr)

  const directory = mkdtempSync(join(tmpdir(), 'ollama-openai-proxy-smoke-'))
  // If the binary read these, it would not start: it must not.
  writeFileSync(join(directory, '.env'), 'UPSTREAM=not-a-backend\n')
  writeFileSync(join(directory, 'bunfig.toml'), '[test\n')
  try {
    const args = ['--demo', '--demo-delay-ms', '0', '--host', '127.0.0.1', '--port', '0']
    const service = await startBinary(binary, args, { cwd: directory })
    try {
      await checkService(service.url, binary, check)
    } catch (error) {
      await service.stop()
      throw error
    }
    const code = await service.stop()
    check('SIGTERM exits 0', code === 0, service.stderr())
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
  return passed
}

async function checkService(
  url: string,
  binary: string,
  check: (name: string, ok: boolean, detail?: unknown) => void,
): Promise<void> {
  const health = await fetch(`${url}/health`)
  const healthBody = (await health.json()) as { status?: string; version?: string }
  check('GET /health', health.status === 200 && healthBody.status === 'ok', healthBody)
  check('/health version', healthBody.version === packageJson.version, healthBody)

  const docs = await fetch(`${url}/swagger`)
  const page = await docs.text()
  check('GET /swagger', docs.status === 200 && page.includes('<html'), docs.status)
  // Every asset the page loads from this server must be inside the binary.
  const assets = [...page.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((match) => match[1])
  for (const asset of assets) {
    const response = await fetch(`${url}${asset}`)
    const size = (await response.arrayBuffer()).byteLength
    check(`GET ${asset}`, response.status === 200 && size > 0, response.status)
  }
  const spec = await fetch(`${url}/swagger/json`)
  const document = (await spec.json()) as { openapi?: string }
  check('GET /swagger/json', spec.status === 200 && typeof document.openapi === 'string')

  const chat = await fetch(`${url}/api/chat`, {
    method: 'POST',
    body: JSON.stringify({ model: 'demo-chat', messages: [{ role: 'user', content: 'Hi' }] }),
  })
  const lines = (await chat.text()).trim().split('\n')
  const chunks = lines.map((line) => JSON.parse(line) as { done?: boolean })
  check('streamed POST /api/chat', chat.status === 200 && chunks.length > 2, lines.slice(0, 2))
  check('stream ends with done:true', chunks.at(-1)?.done === true, lines.at(-1))

  const invalid = await fetch(`${url}/api/chat`, { method: 'POST', body: '{"model":' })
  check('invalid body answers 400', invalid.status === 400, await invalid.text())

  const port = new URL(url).port
  const probe = Bun.spawnSync([binary, 'healthcheck', '--port', port], { env: {} })
  check('healthcheck exits 0', probe.exitCode === 0, probe.stdout.toString())
}
