import { describe, expect, test } from 'bun:test'
import { APIConnectionError } from 'openai'
import { OllamaError } from '../errors/ollama-error.ts'
import { createLogger } from '../log/logger.ts'
import type { Upstream, UpstreamModel } from '../upstream/upstream.ts'
import { ModelCatalog } from './model-catalog.ts'

/** An upstream whose model list is whatever `listModels` says at the time; counts its calls. */
function upstreamListing(listModels: () => Promise<UpstreamModel[]>) {
  const upstream = { label: 'stub', calls: 0 } as unknown as Upstream & { calls: number }
  upstream.listModels = () => {
    upstream.calls++
    return listModels()
  }
  return upstream
}

function catalogOf(upstream: Upstream, options: { ttlMs?: number; staticModels?: string[] } = {}) {
  let now = 1_000
  const lines: Record<string, unknown>[] = []
  const catalog = new ModelCatalog({
    upstream,
    ttlMs: options.ttlMs ?? 60_000,
    staticModels: options.staticModels ?? [],
    logger: createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line)) }),
    now: () => now,
  })
  return { catalog, lines, advance: (ms: number) => (now += ms) }
}

describe('ModelCatalog', () => {
  test('resolves names with or without :latest, in any case, to the listed model', async () => {
    const { catalog } = catalogOf(
      upstreamListing(async () => [{ id: 'gpt-4o' }, { id: 'vendor/Model:free' }]),
    )
    expect((await catalog.resolve('GPT-4o:latest')).id).toBe('gpt-4o')
    expect((await catalog.resolve('vendor/model:free')).id).toBe('vendor/Model:free')
  })

  test('answers 400 for no model and 404 for an unknown one', async () => {
    const { catalog } = catalogOf(upstreamListing(async () => [{ id: 'gpt-4o' }]))
    expect(await catalog.resolve('  ').catch((error) => error)).toMatchObject({
      status: 400,
      message: 'model is required',
    })
    expect(await catalog.resolve(undefined).catch((error) => error)).toBeInstanceOf(OllamaError)
    expect(await catalog.resolve('llama3').catch((error) => error)).toMatchObject({
      status: 404,
      message: "model 'llama3' not found",
    })
  })

  test('asks the upstream once per TTL, and once for concurrent requests', async () => {
    const upstream = upstreamListing(async () => [{ id: 'a' }])
    const { catalog, advance } = catalogOf(upstream, { ttlMs: 1_000 })
    await Promise.all([catalog.list(), catalog.list(), catalog.resolve('a')])
    expect(upstream.calls).toBe(1)
    advance(999)
    await catalog.list()
    expect(upstream.calls).toBe(1)
    advance(1)
    await catalog.list()
    expect(upstream.calls).toBe(2)
  })

  test('keeps serving the last good list when a refresh fails, and says so', async () => {
    let fail = false
    const upstream = upstreamListing(async () => {
      if (fail) throw new APIConnectionError({ message: 'Connection error.' })
      return [{ id: 'a' }]
    })
    const { catalog, advance, lines } = catalogOf(upstream, { ttlMs: 10 })
    await catalog.list()
    fail = true
    advance(10)
    expect((await catalog.list()).map((model) => model.id)).toEqual(['a'])
    await Bun.sleep(0)
    expect(lines[0]).toMatchObject({
      level: 'warn',
      message: 'model list refresh failed; serving the previous list',
      error: 'the upstream cannot be reached: Connection error.',
    })
    expect(upstream.calls).toBe(2)
    // The failed refresh counts as a fetch: the next try is a TTL later, not on every request.
    await catalog.list()
    advance(9)
    await catalog.list()
    expect(upstream.calls).toBe(2)
    advance(1)
    await catalog.list()
    expect(upstream.calls).toBe(3)
  })

  test('serves an expired list at once while the new one is fetched (a hanging /models holds nothing up)', async () => {
    let answer: Promise<UpstreamModel[]> = Promise.resolve([{ id: 'old' }])
    const upstream = upstreamListing(() => answer)
    const { catalog, advance } = catalogOf(upstream, { ttlMs: 10 })
    await catalog.list()
    const { promise: hanging, resolve } = Promise.withResolvers<UpstreamModel[]>()
    answer = hanging
    advance(10)
    expect((await catalog.list()).map((model) => model.id)).toEqual(['old'])
    expect((await catalog.resolve('old')).id).toBe('old')
    expect(upstream.calls).toBe(2)
    resolve([{ id: 'new' }])
    await Bun.sleep(0)
    expect((await catalog.list()).map((model) => model.id)).toEqual(['new'])
    expect(upstream.calls).toBe(2)
  })

  test('fails like the upstream when there is no list yet', async () => {
    const { catalog } = catalogOf(
      upstreamListing(() =>
        Promise.reject(new APIConnectionError({ message: 'Connection error.' })),
      ),
    )
    expect(await catalog.list().catch((error) => error)).toMatchObject({ status: 502 })
  })

  test('offers the configured models without asking the upstream', async () => {
    const upstream = upstreamListing(async () => [{ id: 'unlisted' }])
    const { catalog } = catalogOf(upstream, { staticModels: ['my-deployment'] })
    expect(await catalog.list()).toEqual([{ id: 'my-deployment' }])
    expect((await catalog.resolve('my-deployment:latest')).id).toBe('my-deployment')
    expect(upstream.calls).toBe(0)
  })
})
