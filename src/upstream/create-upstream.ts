import type { BackendSpec } from '../backends/routing-spec.ts'
import { createDemoBackend } from '../demo/demo-backend.ts'
import { createOpenAIUpstream } from './openai-upstream.ts'
import type { Upstream } from './upstream.ts'

/** The upstream a backend answers from: a real server, or the demo through the same SDK. */
export function createUpstream(spec: BackendSpec): Upstream {
  const common = {
    timeouts: {
      connectMs: spec.connectTimeoutMs,
      headersMs: spec.timeoutMs,
      idleMs: spec.idleTimeoutMs,
      modelsMs: spec.modelsTimeoutMs,
    },
    maxRetries: spec.maxRetries,
    headers: spec.headers,
    query: spec.query,
  }
  if (spec.demo === undefined) {
    return createOpenAIUpstream({ ...common, baseUrl: spec.baseUrl, apiKey: spec.apiKey })
  }
  const demo = createDemoBackend({ tokenDelayMs: spec.demo.tokenDelayMs })
  return createOpenAIUpstream({
    ...common,
    baseUrl: 'http://demo.invalid/v1',
    apiKey: 'demo',
    label: 'demo',
    fetch: (input, init) =>
      demo(input instanceof Request ? input : new Request(String(input), init as RequestInit)),
  })
}
