import { createDemoBackend } from '../../src/demo/demo-backend.ts'

export { ensureHostBinary as hostBinary } from '../../scripts/ensure-binary.ts'

export interface Finished {
  code: number
  stdout: string
  stderr: string
  ms: number
}

/** Runs the binary to its end with `env` as its whole environment. */
export async function run(
  binary: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Finished> {
  const started = performance.now()
  const child = Bun.spawn([binary, ...args], { env, stdout: 'pipe', stderr: 'pipe' })
  const [code, stdout, stderr] = await Promise.all([
    child.exited,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ])
  return { code, stdout, stderr, ms: performance.now() - started }
}

export interface FakeUpstream {
  /** e.g. http://127.0.0.1:40123/v1 */
  baseUrl: string
  /** The Authorization header of every request received. */
  authorizations: (string | null)[]
  stop: () => Promise<void>
}

/** An OpenAI-compatible server on a free port: the project's strict demo backend. */
export function fakeUpstream(tokenDelayMs: number): FakeUpstream {
  const demo = createDemoBackend({ tokenDelayMs })
  const authorizations: (string | null)[] = []
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    idleTimeout: 0,
    fetch: (request) => {
      authorizations.push(request.headers.get('authorization'))
      return demo(request)
    },
  })
  return {
    baseUrl: `http://127.0.0.1:${server.port}/v1`,
    authorizations,
    stop: () => server.stop(true),
  }
}
