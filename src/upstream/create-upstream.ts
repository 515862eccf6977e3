import type { Config } from '../config/settings.ts'
import { settings } from '../config/settings.ts'
import { createDemoBackend } from '../demo/demo-backend.ts'
import { createOpenAIUpstream, type UpstreamTimeouts } from './openai-upstream.ts'
import type { Upstream } from './upstream.ts'

/**
 * Which backend serves: the configured one, or with `auto` the demo when nothing could work
 * otherwise (no API key for api.openai.com). Keyless local servers work with only a base URL.
 */
export function chooseBackend(config: Config): 'openai' | 'demo' {
  if (config.upstream !== 'auto') return config.upstream
  return config.apiKey === '' && config.baseUrl === settings.baseUrl.default ? 'demo' : 'openai'
}

/** The upstream the service answers from: a real backend, or the demo through the same SDK. */
export function createUpstream(config: Config): Upstream {
  const common = { timeouts: upstreamTimeouts(config), maxRetries: config.upstreamRetries }
  if (chooseBackend(config) === 'openai') {
    return createOpenAIUpstream({ ...common, baseUrl: config.baseUrl, apiKey: config.apiKey })
  }
  const demo = createDemoBackend({ tokenDelayMs: config.demoDelay })
  return createOpenAIUpstream({
    ...common,
    baseUrl: 'http://demo.invalid/v1',
    apiKey: 'demo',
    label: 'demo',
    fetch: (input, init) =>
      demo(input instanceof Request ? input : new Request(String(input), init as RequestInit)),
  })
}

/** The upstream time limits of the settings, in ms; 0 seconds is no limit. */
export function upstreamTimeouts(config: Config): UpstreamTimeouts {
  const ms = (seconds: number) => (seconds === 0 ? Number.POSITIVE_INFINITY : seconds * 1000)
  return {
    connectMs: ms(config.upstreamConnectTimeout),
    headersMs: ms(config.upstreamTimeout),
    idleMs: ms(config.upstreamIdleTimeout),
    modelsMs: ms(config.modelsTimeout),
  }
}
