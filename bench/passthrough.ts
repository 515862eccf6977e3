/**
 * The benchmark's reference proxy, in a process of its own: `bun bench/passthrough.ts <upstream>`
 * prints `{"port": …}` and forwards `POST /v1/chat/completions` to the upstream, writing each
 * network read of the answer back as it comes (Bun's direct stream, one write and flush per read),
 * without parsing or translating anything. It is the least any proxy built on Bun's HTTP server
 * and fetch costs on this machine, so `pass-through ÷ direct` is the ceiling for `proxy ÷ direct`.
 */

export function startPassthrough(upstreamUrl: string, port = 0) {
  return Bun.serve({
    hostname: '127.0.0.1',
    port,
    idleTimeout: 0,
    async fetch(request) {
      const upstream = await fetch(`${upstreamUrl}${new URL(request.url).pathname}`, {
        method: request.method,
        body: await request.text(),
        headers: { 'content-type': 'application/json' },
        signal: request.signal,
      })
      const body = upstream.body
      if (body === null) return new Response(null, { status: upstream.status })
      return new Response(
        new ReadableStream({
          type: 'direct',
          async pull(controller: ReadableStreamDirectController) {
            for await (const bytes of body) {
              controller.write(bytes)
              await controller.flush()
            }
            controller.close()
          },
        }),
        {
          status: upstream.status,
          headers: { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' },
        },
      )
    },
  })
}

if (import.meta.main) {
  const upstreamUrl = process.argv[2]
  if (!upstreamUrl?.startsWith('http://127.0.0.1:')) {
    process.stderr.write('usage: bun bench/passthrough.ts http://127.0.0.1:<upstream port>\n')
    process.exit(2)
  }
  const server = startPassthrough(upstreamUrl)
  process.stdout.write(`${JSON.stringify({ port: server.port })}\n`)
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      void server.stop(true)
      process.exit(0)
    })
  }
}
