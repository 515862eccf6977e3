import { createDemoBackend } from '../../src/demo/demo-backend.ts'

/** What the fake upstream saw of one request. */
export interface SeenRequest {
  method: string
  path: string
  authorization: string | null
  model: unknown
  stream: unknown
}

export interface FakeUpstream {
  /** Port on `hostname`. */
  port: number
  seen: SeenRequest[]
  /** Milliseconds between streamed tokens, for the requests that start from now on. */
  setTokenDelay(ms: number): void
  stop(): void
}

/**
 * A strict OpenAI-compatible server (the demo backend) on the host, listening only on `hostname`
 * (the Docker bridge's gateway address, which containers reach as host.docker.internal).
 */
export function startFakeUpstream(hostname: string): FakeUpstream {
  const seen: SeenRequest[] = []
  let tokenDelayMs = 5
  const server = Bun.serve({
    hostname,
    port: 0,
    async fetch(request) {
      const body =
        request.method === 'POST'
          ? ((await request.clone().json()) as Record<string, unknown>)
          : undefined
      seen.push({
        method: request.method,
        path: new URL(request.url).pathname,
        authorization: request.headers.get('authorization'),
        model: body?.model,
        stream: body?.stream,
      })
      return createDemoBackend({ tokenDelayMs })(request)
    },
  })
  return {
    port: server.port ?? 0,
    seen,
    setTokenDelay: (ms) => {
      tokenDelayMs = ms
    },
    stop: () => server.stop(true),
  }
}
