/**
 * Property-based fuzzing of every route (fast-check): requests made of client mistakes — wrong
 * methods, unknown paths, bodies that are not JSON, not objects, of the wrong types, too deep,
 * with junk headers, origins and keys — and of valid requests mixed with junk. Whatever comes,
 * the answer is never a 5xx (except the documented 501s), never shows a stack trace or a path
 * of this machine, and memory stays bounded.
 *
 * Bounded for CI: a fixed seed and a few thousand cases in all. Explore further with
 * FUZZ_SEED=<n> FUZZ_RUNS=<n> bun test test/fuzz.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import fc from 'fast-check'
import { createApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config/load-config.ts'
import { splitKeyPath } from '../../src/http/split-key-path.ts'
import { silentLogger } from '../../src/log/logger.ts'
import { routerFor } from '../support/router-for.ts'

const seed = Number(process.env.FUZZ_SEED ?? 20_261_130)
const runs = (cases: number) => Math.round(cases * Number(process.env.FUZZ_RUNS ?? 1))
const clientKey = 'sk-fuzz-client-0123456789'

const config = loadConfig([
  {
    describe: (key) => key,
    values: {
      upstream: 'demo',
      demoDelay: '0',
      apiKeys: `fuzz:${clientKey}`,
      maxBodySize: '256KiB',
    },
  },
])
const app = createApp({ config, router: routerFor(config), logger: silentLogger })

/** The routes as Elysia lists them, with sample values for their parameters. */
const routes = app.routes
  .filter((route) => !route.path.includes('*'))
  .map((route) => ({
    method: route.method,
    path: route.path.replace(':digest', 'sha256:abc').replace(':model', 'demo-chat'),
  }))
/** Routes that answer 501 by design: models live upstream. */
const notSupported = /^\/api\/(push|create|copy|delete|blobs\/)/

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    'demo-chat',
    'demo-chat:latest',
    'DEMO-EMBED',
    'nope:7b',
    '\u0000',
    '../',
  ),
)
const junk = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.dictionary(text, text, { maxKeys: 3 }),
)
const message = fc.record(
  {
    role: fc.oneof(fc.constantFrom('system', 'user', 'assistant', 'tool'), junk),
    content: fc.oneof({ weight: 3, arbitrary: text }, { weight: 1, arbitrary: junk }),
    images: fc.oneof(fc.array(fc.base64String({ maxLength: 24 }), { maxLength: 2 }), junk),
    thinking: junk,
    tool_calls: fc.oneof(
      fc.array(
        fc.record({
          function: fc.record(
            { name: fc.oneof(text, junk), arguments: fc.oneof(junk, fc.json()) },
            { requiredKeys: [] },
          ),
        }),
        { maxLength: 2 },
      ),
      junk,
    ),
    tool_name: junk,
  },
  { requiredKeys: [] },
)
/** Mostly `plausible`, sometimes junk: requests get past validation often enough. */
const mostly = <T>(plausible: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 1, arbitrary: junk })
const modelName = fc.constantFrom('demo-chat', 'demo-coder:latest', 'demo-embed', 'DEMO-CHAT')
/** The fields of every request body, each either plausible or junk. */
const fields = {
  model: mostly(modelName),
  name: fc.oneof(text, junk),
  messages: mostly(fc.array(message, { maxLength: 3 })),
  prompt: mostly(text),
  suffix: junk,
  system: junk,
  input: mostly(fc.oneof(text, fc.array(text, { maxLength: 3 }))),
  stream: mostly(fc.boolean()),
  format: fc.oneof(
    fc.constantFrom('json', ''),
    fc.json().map((json) => JSON.parse(json)),
    junk,
  ),
  think: fc.oneof(fc.constantFrom(true, false, 'high', 'low', 'max', 'none'), junk),
  keep_alive: fc.oneof(fc.constantFrom('5m', '0', '-1', 'forever', '1h30m'), fc.integer(), junk),
  options: fc.oneof(
    fc.record(
      {
        temperature: fc.oneof(fc.double(), junk),
        num_predict: fc.oneof(fc.integer(), junk),
        stop: fc.oneof(fc.array(text, { maxLength: 2 }), junk),
        seed: junk,
      },
      { requiredKeys: [] },
    ),
    junk,
  ),
  tools: fc.oneof(
    fc.array(
      fc.record({ type: junk, function: fc.record({ name: text, parameters: fc.json() }) }),
      { maxLength: 2 },
    ),
    junk,
  ),
  logprobs: junk,
  top_logprobs: fc.oneof(fc.integer({ min: -5, max: 30 }), junk),
  dimensions: fc.oneof(fc.integer({ min: -2, max: 8 }), junk),
  raw: junk,
  source: junk,
  destination: junk,
}
const body = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(fields, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
  },
  { weight: 2, arbitrary: fc.json() },
  { weight: 2, arbitrary: fc.string({ maxLength: 80 }) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 100, max: 3000 })
      .map((depth) => `{"model":${'['.repeat(depth)}${']'.repeat(depth)}}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', '{', '{"model":"demo-chat"', 'null', '[]', '\uFEFF{}'),
  },
)
const headers = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
    ),
    authorization: fc.oneof(
      fc.constant(`Bearer ${clientKey}`),
      fc.constant(`bearer ${clientKey}`),
      fc.string({ maxLength: 30 }).map((token) => `Bearer ${token}`),
      fc.string({ maxLength: 30 }),
    ),
    'x-api-key': fc.oneof(fc.constant(clientKey), fc.string({ maxLength: 30 })),
    origin: fc.constantFrom(
      'http://localhost:3000',
      'https://evil.example',
      'null',
      'vscode-webview://x',
    ),
    host: fc.constantFrom('localhost', '127.0.0.1:11434', 'evil.example', '[::1]:1', ''),
    'x-request-id': fc.string({ maxLength: 20 }),
  },
  { requiredKeys: [] },
)
const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS')
const path = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...routes.map((route) => route.path)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...routes.map((route) => route.path)), fc.webSegment())
      .map(([route, segment]) => `${route}/${segment}`),
  },
  { weight: 1, arbitrary: fc.webPath() },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.oneof(fc.constant(clientKey), fc.webSegment()),
        fc.constantFrom(...routes.map((route) => route.path)),
      )
      .map(([key, route]) => `/k/${key}${route}`),
  },
)

/** What fuzzing found wrong in one answer, if anything. */
async function problemWith(request: Request): Promise<string | undefined> {
  const requested = new URL(request.url).pathname
  const pathname = splitKeyPath(requested)?.path ?? requested
  const response = await app.handle(request)
  const text = await response.text()
  const status = response.status
  if (status >= 500 && !(status === 501 && notSupported.test(pathname))) {
    return `${status} ${text.slice(0, 300)}`
  }
  // The docs' own assets are JavaScript and HTML, not answers.
  const isDocs = pathname.startsWith('/swagger') && status < 400
  if (
    !isDocs &&
    /\n\s+at |\bat .+:\d+:\d+|\/work\/|node_modules|\$bunfs|\/src\/|\.ts:\d/.test(text)
  ) {
    return `internals in the body: ${text.slice(0, 300)}`
  }
  if (status >= 400 && text !== '' && request.method !== 'HEAD' && !isErrorShape(text)) {
    return `${status} not an error object: ${text.slice(0, 300)}`
  }
  return undefined
}

function isErrorShape(text: string): boolean {
  try {
    const body = JSON.parse(text) as { error?: unknown }
    const error = body.error as { message?: unknown } | string | undefined
    return typeof error === 'string' || typeof error?.message === 'string'
  } catch {
    return false
  }
}

const toRequest = (
  target: string,
  verb: string,
  payload: string,
  extra: Partial<Record<string, string>>,
) => {
  const requestHeaders = Object.fromEntries(
    Object.entries(extra).filter((entry): entry is [string, string] => entry[1] !== undefined),
  )
  const withBody = verb !== 'GET' && verb !== 'HEAD'
  return new Request(`http://localhost${target}`, {
    method: verb,
    headers: requestHeaders,
    body: withBody ? payload : undefined,
  })
}

let rssBefore = 0
beforeAll(async () => {
  // Warm up (the SDK loads on first use) before memory is measured.
  await app.handle(
    new Request('http://localhost/api/tags', { headers: { authorization: `Bearer ${clientKey}` } }),
  )
  Bun.gc(true)
  rssBefore = process.memoryUsage().rss
})

describe('fuzzing every route', () => {
  test('client mistakes never get a 5xx, a stack trace or an internal path', async () => {
    await fc.assert(
      fc.asyncProperty(path, method, body, headers, async (target, verb, payload, extra) => {
        const request = toRequest(target, verb, payload, extra)
        expect(await problemWith(request)).toBeUndefined()
      }),
      { seed, numRuns: runs(2000) },
    )
  }, 60_000)

  test('known routes with a valid key and junk bodies are answered in their own error shape', async () => {
    const route = fc.constantFrom(...routes.filter((candidate) => candidate.method === 'POST'))
    await fc.assert(
      fc.asyncProperty(route, body, async ({ path: target }, payload) => {
        const request = toRequest(target, 'POST', payload, {
          authorization: `Bearer ${clientKey}`,
        })
        expect(await problemWith(request)).toBeUndefined()
      }),
      { seed, numRuns: runs(1500) },
    )
  }, 60_000)

  test('well-formed requests with odd values reach the upstream and never get a 5xx', async () => {
    const options = fc.record(
      {
        temperature: fc.double({ min: -1, max: 3, noNaN: true }),
        top_p: fc.double({ min: 0, max: 1, noNaN: true }),
        top_k: fc.integer({ min: -1, max: 100 }),
        num_predict: fc.integer({ min: -2, max: 50 }),
        seed: fc.integer(),
        stop: fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 })),
        repeat_penalty: fc.double({ min: 0, max: 2, noNaN: true }),
      },
      { requiredKeys: [] },
    )
    const generation = {
      model: modelName,
      stream: fc.boolean(),
      options,
      format: fc.oneof(
        fc.constant('json'),
        fc.constant({ type: 'object', properties: { a: { type: 'string' } } }),
        fc.json().map((json) => JSON.parse(json)),
      ),
      think: fc.constantFrom(true, false, 'high', 'medium', 'low', 'max'),
      keep_alive: fc.oneof(fc.constantFrom('5m', '0', '-1', '1h', '0s', '2.5m'), fc.integer()),
      logprobs: fc.boolean(),
      top_logprobs: fc.integer({ min: 0, max: 20 }),
    }
    const images = fc.array(fc.base64String({ maxLength: 64 }), { maxLength: 2 })
    const chatRequest = fc.record(
      {
        ...generation,
        messages: fc.array(
          fc.record(
            {
              role: fc.constantFrom('system', 'user', 'assistant', 'tool'),
              content: fc.string(),
              images,
              thinking: fc.string(),
              tool_calls: fc.array(
                fc.record({
                  function: fc.record({
                    name: fc.string({ minLength: 1 }),
                    arguments: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.json()),
                  }),
                }),
                { maxLength: 2 },
              ),
              tool_name: fc.string(),
            },
            { requiredKeys: ['role'] },
          ),
          { maxLength: 4 },
        ),
        tools: fc.array(
          fc.record({
            type: fc.constant('function'),
            function: fc.record({ name: fc.string({ minLength: 1 }), parameters: fc.jsonValue() }),
          }),
          { maxLength: 2 },
        ),
      },
      { requiredKeys: ['model'] },
    )
    const generateRequest = fc.record(
      {
        ...generation,
        prompt: fc.string(),
        suffix: fc.string(),
        system: fc.string(),
        raw: fc.boolean(),
        images,
      },
      { requiredKeys: ['model'] },
    )
    const embedRequest = fc.record(
      {
        model: modelName,
        input: fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 })),
        dimensions: fc.integer({ min: 1, max: 64 }),
        truncate: fc.boolean(),
      },
      { requiredKeys: ['model'] },
    )
    const openAIChat = fc.record(
      {
        model: modelName,
        messages: fc.array(
          fc.record({ role: fc.constantFrom('user', 'system'), content: fc.string() }),
          { minLength: 1, maxLength: 2 },
        ),
        stream: fc.boolean(),
        max_tokens: fc.integer({ min: -1, max: 20 }),
        temperature: fc.double({ noNaN: true }),
        unknown_parameter: fc.jsonValue(),
      },
      { requiredKeys: ['model', 'messages'] },
    )
    const request = fc.oneof(
      chatRequest.map((value) => ['/api/chat', value] as const),
      generateRequest.map((value) => ['/api/generate', value] as const),
      embedRequest.map((value) => ['/api/embed', value] as const),
      embedRequest.map((value) => ['/api/embeddings', { ...value, prompt: value.input }] as const),
      openAIChat.map((value) => ['/v1/chat/completions', value] as const),
    )
    await fc.assert(
      fc.asyncProperty(request, async ([target, value]) => {
        const sent = toRequest(target, 'POST', JSON.stringify(value), {
          authorization: `Bearer ${clientKey}`,
        })
        expect(await problemWith(sent)).toBeUndefined()
      }),
      { seed, numRuns: runs(600) },
    )
  }, 60_000)

  test('leaves memory bounded after thousands of requests', () => {
    Bun.gc(true)
    const grownMiB = (process.memoryUsage().rss - rssBefore) / 1024 ** 2
    // In this process (development mode, app.handle) RSS creeps up ~20 KiB a request before it
    // levels off, 60–85 MiB here; the binary over HTTP levels off at ~90 MiB in all after 20,000
    // requests. What this catches: bodies or streams held after their request.
    expect(grownMiB).toBeLessThan(150 * Number(process.env.FUZZ_RUNS ?? 1))
  })
})
