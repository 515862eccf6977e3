import { describe, expect, test } from 'bun:test'
import { loadConfig } from '../config/load-config.ts'
import type { SettingKey } from '../config/settings.ts'
import { chooseBackend, createUpstream, upstreamTimeouts } from './create-upstream.ts'

const configWith = (values: Partial<Record<SettingKey, string>>) =>
  loadConfig([{ describe: (key) => key, values }])

describe('chooseBackend', () => {
  test.each([
    [{}, 'demo'],
    [{ apiKey: 'sk-x' }, 'openai'],
    [{ baseUrl: 'http://localhost:8080/v1' }, 'openai'],
    [{ upstream: 'demo', apiKey: 'sk-x' }, 'demo'],
    [{ upstream: 'openai' }, 'openai'],
  ] as const)('%p → %s', (values, backend) => {
    expect(chooseBackend(configWith(values))).toBe(backend)
  })
})

describe('createUpstream', () => {
  test('the demo answers through the OpenAI SDK, in-process', async () => {
    const upstream = createUpstream(configWith({ upstream: 'demo' }))
    expect(upstream.label).toBe('demo')
    expect((await upstream.listModels()).map((model) => model.id)).toContain('demo-chat')
    const embedding = await upstream.embed(
      { model: 'demo-embed', input: 'x', encoding_format: 'float' },
      new AbortController().signal,
    )
    expect(embedding.data[0]?.embedding).toHaveLength(64)
  })

  test('a real backend is labelled with its base URL', () => {
    expect(
      createUpstream(configWith({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1' })).label,
    ).toBe('http://127.0.0.1:9/v1')
  })

  test('the label never carries credentials from the base URL (it appears in logs and messages)', () => {
    expect(
      createUpstream(configWith({ baseUrl: 'https://bob:s3cr3t-pass@proxy.example:8443/v1/' }))
        .label,
    ).toBe('https://proxy.example:8443/v1')
  })
})

describe('upstreamTimeouts', () => {
  test('are the settings in ms, 0 meaning no limit', () => {
    expect(
      upstreamTimeouts(
        configWith({
          upstreamConnectTimeout: '2.5',
          upstreamTimeout: '0',
          upstreamIdleTimeout: '900',
          modelsTimeout: '0',
        }),
      ),
    ).toEqual({
      connectMs: 2500,
      headersMs: Number.POSITIVE_INFINITY,
      idleMs: 900_000,
      modelsMs: Number.POSITIVE_INFINITY,
    })
  })
})
