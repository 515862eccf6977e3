import { afterAll, beforeAll, expect, test } from 'bun:test'
import OpenAI from 'openai'
import { configFile, until } from '../support/config-file.ts'
import {
  chatChunk,
  type FakeOpenAI,
  type ScriptedReply,
  startFakeOpenAI,
  usageChunk,
} from '../support/fake-openai.ts'
import { parsePrometheus, type Sample, sampleValue, series } from '../support/prometheus.ts'
import { type RunningProxy, startProxy } from '../support/start-proxy.ts'

let d: FakeOpenAI
let e: FakeOpenAI
let proxy: RunningProxy
const config = configFile()

beforeAll(() => {
  d = startFakeOpenAI()
  e = startFakeOpenAI()
  config.write({
    backends: { d: { base_url: d.baseUrl }, e: { base_url: e.baseUrl, prefix: 'e/' } },
  })
  proxy = startProxy({}, { configFile: config.path })
})
afterAll(async () => {
  await proxy.stop()
  await Promise.all([d.stop(), e.stop()])
  config.remove()
})

const chat = (model: string, stream: boolean) =>
  fetch(`${proxy.url}/api/chat`, {
    method: 'POST',
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }], stream }),
  })

const answer = (content: string, prompt: number, completion: number): ScriptedReply => ({
  kind: 'sse',
  events: [chatChunk({ role: 'assistant', content }, 'stop'), usageChunk(prompt, completion)],
})

let samples: Sample[]

beforeAll(async () => {
  // The known sequence: two answers on d (one streamed), one through /v1 on e, an unknown model,
  // an upstream failure, a model list.
  d.script(answer('Hi', 10, 3), answer('Hello', 20, 5), {
    kind: 'error',
    status: 500,
    body: { error: { message: 'boom' } },
  })
  expect((await chat('demo-chat', false)).status).toBe(200)
  const streamed = await chat('demo-chat', true)
  expect(streamed.status).toBe(200)
  await streamed.text()
  const openai = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 })
  await openai.chat.completions.create({
    model: 'e/demo-chat',
    messages: [{ role: 'user', content: 'Hi' }],
  })
  expect((await chat('nope', false)).status).toBe(404)
  expect((await chat('demo-chat', false)).status).toBe(502)
  expect((await fetch(`${proxy.url}/api/tags`)).status).toBe(200)
  // Requests are counted when their log line is written, just after the response.
  await until(() => proxy.logs.filter((line) => line.message === 'request').length === 6)
  const response = await fetch(`${proxy.url}/metrics`)
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
  samples = parsePrometheus(await response.text())
})

test('requests by surface, route, status, backend and model', () => {
  expect(series(samples, 'ollama_proxy_requests_total')).toEqual({
    'surface=ollama,route=/api/chat,status=200,backend=d,model=demo-chat': 2,
    'surface=openai,route=/v1/chat/completions,status=200,backend=e,model=e/demo-chat': 1,
    'surface=ollama,route=/api/chat,status=404,backend=,model=': 1,
    'surface=ollama,route=/api/chat,status=502,backend=d,model=demo-chat': 1,
    'surface=ollama,route=/api/tags,status=200,backend=,model=': 1,
  })
  const durations = (route: string) =>
    sampleValue(samples, 'ollama_proxy_request_duration_seconds_count', {
      surface: route.startsWith('/v1') ? 'openai' : 'ollama',
      route,
    })
  expect([
    durations('/api/chat'),
    durations('/v1/chat/completions'),
    durations('/api/tags'),
  ]).toEqual([4, 1, 1])
})

test("tokens from the answers' usage, upstream timings per answer, no stream left open", () => {
  expect(series(samples, 'ollama_proxy_tokens_total')).toEqual({
    'backend=d,model=demo-chat,type=input': 30,
    'backend=d,model=demo-chat,type=output': 8,
  })
  const labels = { backend: 'd', model: 'demo-chat' }
  expect(
    sampleValue(samples, 'ollama_proxy_upstream_time_to_first_byte_seconds_count', labels),
  ).toBe(2)
  expect(sampleValue(samples, 'ollama_proxy_upstream_duration_seconds_count', labels)).toBe(2)
  const firstByte = sampleValue(
    samples,
    'ollama_proxy_upstream_time_to_first_byte_seconds_sum',
    labels,
  )
  const duration = sampleValue(samples, 'ollama_proxy_upstream_duration_seconds_sum', labels)
  expect(firstByte).toBeGreaterThan(0)
  expect(duration).toBeGreaterThanOrEqual(firstByte)
  expect(series(samples, 'ollama_proxy_active_streams')).toEqual({ 'backend=d': 0 })
})

test('upstream errors by kind; backends up, circuits closed; no fallback configured, none made', () => {
  expect(series(samples, 'ollama_proxy_upstream_errors_total')).toEqual({
    'backend=d,kind=upstream_error': 1,
  })
  expect(series(samples, 'ollama_proxy_fallbacks_total')).toEqual({})
  expect(series(samples, 'ollama_proxy_backend_up')).toEqual({ 'backend=d': 1, 'backend=e': 1 })
  expect(series(samples, 'ollama_proxy_circuit_breaker_state')).toEqual({
    'backend=d': 0,
    'backend=e': 0,
  })
})

test('process memory', () => {
  expect(sampleValue(samples, 'process_resident_memory_bytes')).toBeGreaterThan(10 * 2 ** 20)
  expect(sampleValue(samples, 'process_heap_used_bytes')).toBeGreaterThan(0)
})
