import { describe, expect, test } from 'bun:test'
import { APIConnectionError } from 'openai'
import { createLogger } from '../log/logger.ts'
import type { Upstream, UpstreamModel } from '../upstream/upstream.ts'
import { ModelCatalog, type ModelCatalogOptions } from './model-catalog.ts'

/** An upstream whose model list is whatever `listModels` says at the time; counts its calls. */
function upstreamListing(listModels: () => Promise<unknown[]>) {
  const upstream = { label: 'stub', calls: 0 } as unknown as Upstream & { calls: number }
  upstream.listModels = () => {
    upstream.calls++
    return listModels() as Promise<UpstreamModel[]>
  }
  return upstream
}

function catalogOf(upstream: Upstream, options: Partial<ModelCatalogOptions> = {}) {
  let now = 1_000
  const lines: Record<string, unknown>[] = []
  const catalog = new ModelCatalog({
    upstream,
    ttlMs: 60_000,
    staticModels: [],
    logger: createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line)) }),
    now: () => now,
    ...options,
  })
  return { catalog, lines, advance: (ms: number) => (now += ms) }
}

const ids = (state: { models: readonly UpstreamModel[] }) => state.models.map((model) => model.id)
const connectionError = () => new APIConnectionError({ message: 'Connection error.' })

describe('ModelCatalog', () => {
  test('indexes the listed models by id, in any case', async () => {
    const { catalog } = catalogOf(
      upstreamListing(async () => [{ id: 'gpt-4o' }, { id: 'V/M:free' }]),
    )
    const state = await catalog.current()
    expect(ids(state)).toEqual(['gpt-4o', 'V/M:free'])
    expect(state.byId.get('v/m:free')?.id).toBe('V/M:free')
    expect(state.available).toBe(true)
    expect(state.error).toBeUndefined()
  })

  test('asks the upstream once per TTL, and once for concurrent callers', async () => {
    const upstream = upstreamListing(async () => [{ id: 'a' }])
    const { catalog, advance } = catalogOf(upstream, { ttlMs: 1_000 })
    expect(catalog.fresh()).toBeUndefined()
    const [first, second] = await Promise.all([catalog.current(), catalog.current()])
    expect(first).toBe(second)
    expect(upstream.calls).toBe(1)
    advance(999)
    expect(catalog.fresh()).toBe(first)
    await catalog.current()
    expect(upstream.calls).toBe(1)
    advance(1)
    expect(catalog.fresh()).toBeUndefined()
    await catalog.current()
    expect(upstream.calls).toBe(2)
  })

  test('serves an expired list at once while the new one is fetched (a hanging /models holds nothing up)', async () => {
    let answer: Promise<unknown[]> = Promise.resolve([{ id: 'old' }])
    const upstream = upstreamListing(() => answer)
    const { catalog, advance } = catalogOf(upstream, { ttlMs: 10 })
    await catalog.current()
    const { promise: hanging, resolve } = Promise.withResolvers<unknown[]>()
    answer = hanging
    advance(10)
    expect(ids(await catalog.current())).toEqual(['old'])
    expect(upstream.calls).toBe(2)
    resolve([{ id: 'new' }])
    await Bun.sleep(0)
    expect(ids(await catalog.current())).toEqual(['new'])
    expect(upstream.calls).toBe(2)
  })

  test('keeps serving the last good list when a refresh fails, and says so', async () => {
    let fail = false
    const upstream = upstreamListing(async () => {
      if (fail) throw connectionError()
      return [{ id: 'a' }]
    })
    const { catalog, advance, lines } = catalogOf(upstream, { ttlMs: 10 })
    await catalog.current()
    fail = true
    advance(10)
    expect(ids(await catalog.current())).toEqual(['a'])
    await Bun.sleep(0)
    const state = await catalog.current()
    expect(ids(state)).toEqual(['a'])
    expect(state.available).toBe(true)
    expect(state.error).toMatchObject({ status: 502 })
    expect(lines[0]).toMatchObject({
      level: 'warn',
      message: 'model list refresh failed; serving the previous list',
      upstream: 'stub',
    })
    // Not asked again before another TTL.
    advance(9)
    await catalog.current()
    expect(upstream.calls).toBe(2)
  })

  test('with no list yet, a failure is the state until retryMs has passed', async () => {
    let fail = true
    const upstream = upstreamListing(async () => {
      if (fail) throw connectionError()
      return [{ id: 'a' }]
    })
    const { catalog, advance, lines } = catalogOf(upstream, { retryMs: 500 })
    const down = await catalog.current()
    expect(down.available).toBe(false)
    expect(down.models).toEqual([])
    expect(down.error?.message).toBe('the upstream cannot be reached: Connection error.')
    expect(lines).toEqual([])
    fail = false
    advance(499)
    expect(await catalog.current()).toBe(down)
    advance(1)
    expect(ids(await catalog.current())).toEqual(['a'])
    expect(upstream.calls).toBe(2)
  })

  test.each([
    ['a body the SDK cannot read', () => Promise.reject(new TypeError('data is not iterable'))],
  ])('a list with %s is an invalid answer', async (_, listModels) => {
    const { catalog } = catalogOf(upstreamListing(listModels as () => Promise<unknown[]>))
    const state = await catalog.current()
    expect(state.available).toBe(false)
    expect(state.error).toMatchObject({
      status: 502,
      message: 'the upstream sent an invalid model list',
    })
  })

  test('offers the configured models without asking the upstream', async () => {
    const upstream = upstreamListing(async () => [{ id: 'unlisted' }])
    const { catalog } = catalogOf(upstream, { staticModels: ['my-deployment'] })
    expect(ids(catalog.fresh() ?? { models: [] })).toEqual(['my-deployment'])
    expect(upstream.calls).toBe(0)
  })

  test('offers only the models its filter lets through', async () => {
    const upstream = upstreamListing(async () => [
      { id: 'keep-1' },
      { id: 'drop' },
      { id: 'keep-2' },
    ])
    const { catalog } = catalogOf(upstream, { offers: (id) => id.startsWith('keep') })
    const state = await catalog.current()
    expect(ids(state)).toEqual(['keep-1', 'keep-2'])
    expect(state.byId.has('drop')).toBe(false)
  })
})
