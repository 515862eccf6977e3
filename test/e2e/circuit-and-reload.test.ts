import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Ollama } from 'ollama'
import { configFile, until } from '../support/config-file.ts'
import { chatChunk, type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai.ts'
import { parsePrometheus, series } from '../support/prometheus.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'

let a: FakeOpenAI
let b: FakeOpenAI
beforeAll(() => {
  a = startFakeOpenAI()
  b = startFakeOpenAI()
})
afterAll(async () => {
  await Promise.all([a.stop(), b.stop()])
})

const chattedWith = (fake: FakeOpenAI) => fake.requestsTo('/v1/chat/completions').length
const error502 = {
  kind: 'error',
  status: 502,
  body: { error: { message: 'bad gateway' } },
} as const

describe('circuit breaker (injected clock)', () => {
  const config = configFile()
  const clock = { now: 0 }
  let proxy: RunningProxy
  let ollama: Ollama
  beforeAll(() => {
    config.write({
      backends: {
        a: { base_url: a.baseUrl, circuit_breaker: { failures: 2, cooldown: 10 } },
        b: { base_url: b.baseUrl, prefix: 'b/' },
      },
      fallbacks: { 'demo-chat': ['b/demo-chat'] },
    })
    proxy = startProxy({}, { configFile: config.path, now: () => clock.now })
    ollama = new Ollama({ host: proxy.url })
  })
  afterAll(async () => {
    await proxy.stop()
    config.remove()
  })

  const chat = () =>
    ollama.chat({ model: 'demo-chat', messages: [{ role: 'user', content: 'Hi' }], stream: false })
  const circuit = async () =>
    series(
      parsePrometheus(await (await fetch(`${proxy.url}/metrics`)).text()),
      'ollama_proxy_circuit_breaker_state',
    )
  const ready = async () =>
    (
      (await (await fetch(`${proxy.url}/health/ready`)).json()) as {
        backends: { circuit: string }[]
      }
    ).backends[0]?.circuit

  test('opens after repeated failures: the backend is passed over, not asked', async () => {
    a.script(error502, error502)
    await chat()
    await chat()
    expect(await circuit()).toEqual({ 'backend=a': 1, 'backend=b': 0 })
    expect(await ready()).toBe('open')
    const [askedA, askedB] = [chattedWith(a), chattedWith(b)]
    await chat()
    expect([chattedWith(a), chattedWith(b)]).toEqual([askedA, askedB + 1])
    expect(
      proxy.logs.filter((line) => line.message === 'falling back to the next backend').at(-1),
    ).toMatchObject({
      reason: 'circuit_open',
      passed_over: ['a'],
    })
  })

  test('after the cool-down one request tries it again; an answer closes the circuit', async () => {
    clock.now += 10_000
    expect(await circuit()).toEqual({ 'backend=a': 2, 'backend=b': 0 })
    const askedA = chattedWith(a)
    await chat()
    expect(chattedWith(a)).toBe(askedA + 1)
    expect(await circuit()).toEqual({ 'backend=a': 0, 'backend=b': 0 })
    expect(
      proxy.logs.findLast((line) => line.message === 'backend answering again: back in use'),
    ).toMatchObject({ backend: 'a' })
  })

  test('a failed try opens it again for another cool-down', async () => {
    a.script(error502, error502, error502)
    await chat()
    await chat()
    clock.now += 10_000
    await chat()
    expect(await circuit()).toEqual({ 'backend=a': 1, 'backend=b': 0 })
  })
})

describe('reload (SIGHUP, --watch-config)', () => {
  const config = configFile('proxy.yaml')
  let proxy: RunningProxy
  let ollama: Ollama
  const yaml = (alias: string) =>
    [
      'backends:',
      `  a: { base_url: "${a.baseUrl}" }`,
      `  b: { base_url: "${b.baseUrl}", prefix: "b/" }`,
      'aliases:',
      `  coder: ${alias}`,
    ].join('\n')
  beforeAll(() => {
    config.write(yaml('demo-coder'))
    proxy = startProxy({}, { configFile: config.path })
    ollama = new Ollama({ host: proxy.url })
  })
  afterAll(async () => {
    await proxy.stop()
    config.remove()
  })

  /** A streamed chat of `words` words, 20 ms apart, from `fake`'s script. */
  function slowStream(fake: FakeOpenAI, words: number) {
    fake.script({
      kind: 'sse',
      delayMs: 20,
      events: [
        chatChunk({ role: 'assistant', content: '' }),
        ...Array.from({ length: words }, (_, index) => chatChunk({ content: `w${index} ` })),
        chatChunk({}, 'stop'),
      ],
    })
  }

  test('running streams finish on the backend they started on; new requests follow the new file', async () => {
    const streams = 6
    const before = chattedWith(a)
    for (let stream = 0; stream < streams; stream++) slowStream(a, 15)
    const started = Array.from({ length: streams }, () =>
      ollama.chat({ model: 'coder', messages: [{ role: 'user', content: 'Hi' }], stream: true }),
    )
    let begun = 0
    const readers = started.map(async (response) => {
      let content = ''
      let done = false
      for await (const part of await response) {
        if (content === '' && part.message.content !== '') begun++
        content += part.message.content
        done ||= part.done
      }
      return { content, done }
    })
    // Every stream has sent its first words before the reload.
    await until(() => begun === streams)
    expect(
      a
        .requestsTo('/v1/chat/completions')
        .slice(before)
        .map((request) => request.body?.model),
    ).toEqual(Array.from({ length: streams }, () => 'demo-coder'))
    config.write(yaml('b/demo-coder'))
    expect(proxy.reload()).toBe(true)
    const during = await ollama.chat({
      model: 'coder',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: false,
    })
    expect(during.message.role).toBe('assistant')
    expect(b.requestsTo('/v1/chat/completions').at(-1)?.body?.model).toBe('demo-coder')
    const expected = Array.from({ length: 15 }, (_, index) => `w${index} `).join('')
    expect(await Promise.all(readers)).toEqual(
      Array.from({ length: streams }, () => ({ content: expected, done: true })),
    )
    expect(proxy.logs.find((line) => line.message === 'configuration reloaded')).toMatchObject({
      level: 'info',
      backends: ['a', 'b'],
      aliases: 1,
      fallbacks: 0,
    })
  })

  test('an invalid file is refused with a log line; the configuration in force stays', async () => {
    config.write(`${yaml('demo-coder')}\nfallbacks:\n  coder: []\n`)
    expect(proxy.reload()).toBe(false)
    expect(proxy.logs.at(-1)).toEqual(
      expect.objectContaining({
        level: 'error',
        message: 'configuration not reloaded: the previous one stays in force',
        problems: [`${config.path}: fallbacks.coder: expected a list of one or more model names`],
      }),
    )
    await ollama.chat({
      model: 'coder',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: false,
    })
    expect(b.requestsTo('/v1/chat/completions').at(-1)?.body?.model).toBe('demo-coder')
    const reloads = series(
      parsePrometheus(await (await fetch(`${proxy.url}/metrics`)).text()),
      'ollama_proxy_config_reloads_total',
    )
    expect(reloads).toEqual({ 'result=success': 1, 'result=failure': 1 })
  })

  test('settings a reload cannot change are named', () => {
    config.write(`port: 1\n${yaml('demo-coder')}`)
    expect(proxy.reload()).toBe(true)
    expect(
      proxy.logs.find((line) => line.message === 'changed settings take effect after a restart'),
    ).toMatchObject({
      level: 'warn',
      settings: ['PORT'],
    })
  })
})
