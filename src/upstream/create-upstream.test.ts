import { describe, expect, test } from 'bun:test'
import { loadConfig } from '../config/load-config.ts'
import type { SettingKey } from '../config/settings.ts'
import { defaultBackendSpec } from '../config/to-routing-spec.ts'
import { createUpstream } from './create-upstream.ts'

const specWith = (values: Partial<Record<SettingKey, string>>) =>
  defaultBackendSpec(loadConfig([{ describe: (key) => key, values }]))

describe('createUpstream', () => {
  test('the demo answers through the OpenAI SDK, in-process', async () => {
    const upstream = createUpstream(specWith({ upstream: 'demo' }))
    expect(upstream.label).toBe('demo')
    expect((await upstream.listModels()).map((model) => model.id)).toContain('demo-chat')
    const embedding = await upstream.embed(
      { model: 'demo-embed', input: 'x', encoding_format: 'float' },
      new AbortController().signal,
    )
    expect(embedding.data[0]?.embedding).toHaveLength(64)
  })

  test('a real backend is labelled with its base URL', () => {
    expect(createUpstream(specWith({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1' })).label).toBe(
      'http://127.0.0.1:9/v1',
    )
  })

  test('the label never carries credentials from the base URL (it appears in logs and messages)', () => {
    expect(
      createUpstream(specWith({ baseUrl: 'https://bob:s3cr3t-pass@proxy.example:8443/v1/' })).label,
    ).toBe('https://proxy.example:8443/v1')
  })
})

describe('the time limits of the settings', () => {
  test('are in ms, 0 meaning no limit', () => {
    const spec = specWith({
      upstreamConnectTimeout: '2.5',
      upstreamTimeout: '0',
      upstreamIdleTimeout: '900',
      modelsTimeout: '0',
    })
    expect([
      spec.connectTimeoutMs,
      spec.timeoutMs,
      spec.idleTimeoutMs,
      spec.modelsTimeoutMs,
    ]).toEqual([2500, Number.POSITIVE_INFINITY, 900_000, Number.POSITIVE_INFINITY])
  })
})
