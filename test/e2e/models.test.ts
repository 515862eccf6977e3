import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Ollama } from 'ollama'
import { type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'

let upstream: FakeOpenAI
let proxy: RunningProxy
let ollama: Ollama

beforeAll(() => {
  upstream = startFakeOpenAI()
  proxy = startProxy({ baseUrl: upstream.baseUrl, apiKey: 'sk-test', ollamaVersion: '0.13.1' })
  ollama = new Ollama({ host: proxy.url })
})
afterAll(async () => {
  await proxy.stop()
  await upstream.stop()
})

const post = (path: string, body: unknown, method = 'POST') =>
  fetch(`${proxy.url}${path}`, { method, body: JSON.stringify(body) })

describe('server identity', () => {
  test('GET and HEAD / say Ollama is running', async () => {
    const root = await fetch(`${proxy.url}/`)
    expect(root.status).toBe(200)
    expect(await root.text()).toBe('Ollama is running')
    expect((await fetch(`${proxy.url}/`, { method: 'HEAD' })).status).toBe(200)
  })

  test('/api/version reports the configured version', async () => {
    expect(await ollama.version()).toEqual({ version: '0.13.1' })
    expect((await fetch(`${proxy.url}/api/version`, { method: 'HEAD' })).status).toBe(200)
  })
})

describe('/api/tags', () => {
  test('lists the upstream models with every field Ollama clients read', async () => {
    const { models } = await ollama.list()
    expect(models.map((model) => model.name)).toEqual([
      'demo-chat:latest',
      'demo-coder:latest',
      'demo-embed:latest',
      'demo-thinker:latest',
    ])
    const chat = models[0]
    expect(chat).toEqual({
      name: 'demo-chat:latest',
      model: 'demo-chat:latest',
      modified_at: '2025-01-01T00:00:00.000Z',
      size: 0,
      digest: new Bun.CryptoHasher('sha256').update('demo-chat').digest('hex'),
      details: {
        parent_model: '',
        format: 'gguf',
        family: 'demo',
        families: ['demo'],
        parameter_size: '',
        quantization_level: '',
      },
    } as never)
  })

  test('is cached: a second listing does not ask the upstream again', async () => {
    await ollama.list()
    const before = upstream.requestsTo('/v1/models').length
    await ollama.list()
    expect(upstream.requestsTo('/v1/models').length).toBe(before)
  })
})

describe('/api/show', () => {
  test('describes a model with model_info, capabilities and a template', async () => {
    const show = await ollama.show({ model: 'demo-chat' })
    expect(show.model_info).toEqual({
      'general.architecture': 'demo',
      'general.basename': 'demo-chat',
      'demo.context_length': 32768,
      'proxy.backend': 'default',
      'proxy.upstream_model': 'demo-chat',
    } as never)
    expect(show.capabilities).toEqual(['completion', 'tools', 'vision'])
    const thinker = await ollama.show({ model: 'demo-thinker' })
    expect(thinker.capabilities).toEqual(['completion', 'tools', 'vision', 'thinking'])
    expect(show.details.family).toBe('demo')
    expect(show.template).toContain('.Tools')
    expect(show.parameters).toBe(`${'num_ctx'.padEnd(30)} 32768`)
    expect(Number.isNaN(Date.parse(String(show.modified_at)))).toBe(false)
  })

  test('accepts the legacy `name`; embedding and coder models say what they can do', async () => {
    const embed = (await (await post('/api/show', { name: 'demo-embed' })).json()) as {
      capabilities: string[]
    }
    expect(embed.capabilities).toEqual(['embedding'])
    const coder = await ollama.show({ model: 'demo-coder:latest' })
    expect(coder.capabilities).toContain('insert')
    expect(coder.template).toContain('.Suffix')
  })

  test('unknown model is 404, missing model is 400', async () => {
    const unknown = await post('/api/show', { model: 'llama9' })
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toEqual({ error: "model 'llama9' not found" })
    const missing = await post('/api/show', {})
    expect(missing.status).toBe(400)
    expect(await missing.json()).toEqual({ error: 'model is required' })
  })
})

describe('/api/ps', () => {
  test('lists models used within their keep_alive, never null', async () => {
    await ollama.chat({ model: 'demo-chat', messages: [], keep_alive: 0 })
    expect((await ollama.ps()).models.map((model) => model.name)).not.toContain('demo-chat:latest')
    await ollama.chat({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Hi' }],
      keep_alive: '1h',
    })
    const { models } = await ollama.ps()
    const running = models.find((model) => model.name === 'demo-chat:latest')
    expect(running).toMatchObject({ size_vram: 0, context_length: 32768 })
    const expiresIn = Date.parse(String(running?.expires_at)) - Date.now()
    expect(expiresIn).toBeGreaterThan(59 * 60_000)
    expect(expiresIn).toBeLessThanOrEqual(60 * 60_000)
  })
})

describe('model management on a server whose models live upstream', () => {
  test('pulling an offered model streams a short success, or answers it at once', async () => {
    const statuses = []
    for await (const progress of await ollama.pull({ model: 'demo-chat', stream: true }))
      statuses.push(progress.status)
    expect(statuses.at(0)).toBe('pulling manifest')
    expect(statuses.at(-1)).toBe('success')
    expect(await ollama.pull({ model: 'demo-chat' })).toEqual({ status: 'success' } as never)
  })

  test('pulling a model the upstream lacks is a 404 that says why', async () => {
    const response = await post('/api/pull', { name: 'llama3:70b' })
    expect(response.status).toBe(404)
    expect(((await response.json()) as { error: string }).error).toContain(
      'this server cannot download models',
    )
  })

  test.each([
    ['push', '/api/push', 'POST', { name: 'demo-chat' }],
    ['create', '/api/create', 'POST', { model: 'mine', from: 'demo-chat' }],
    ['copy', '/api/copy', 'POST', { source: 'demo-chat', destination: 'copy' }],
    ['delete', '/api/delete', 'DELETE', { name: 'demo-chat' }],
  ])('%s is refused with 501 and the reason', async (operation, path, method, body) => {
    const response = await post(path, body, method)
    expect(response.status).toBe(501)
    const { error } = (await response.json()) as { error: string }
    expect(error).toStartWith(`${operation} is not supported: models are served by the upstream`)
  })

  test('deleting or copying an unknown model is a 404; no name is a 400', async () => {
    expect((await post('/api/delete', { name: 'nope' }, 'DELETE')).status).toBe(404)
    expect((await post('/api/copy', { source: 'nope', destination: 'x' })).status).toBe(404)
    expect((await post('/api/push', {})).status).toBe(400)
  })

  test('blobs: HEAD says not found, upload is refused', async () => {
    const digest = `sha256:${'a'.repeat(64)}`
    expect((await fetch(`${proxy.url}/api/blobs/${digest}`, { method: 'HEAD' })).status).toBe(404)
    const upload = await fetch(`${proxy.url}/api/blobs/${digest}`, {
      method: 'POST',
      body: new Uint8Array([1, 2, 3]),
    })
    expect(upload.status).toBe(501)
    expect(((await upload.json()) as { error: string }).error).toContain(
      'blob uploads are not supported',
    )
  })
})
