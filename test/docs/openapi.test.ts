import { describe, expect, test } from 'bun:test'
import SwaggerParser from '@apidevtools/swagger-parser'
import Ajv2020 from 'ajv/dist/2020'
import packageJson from '../../package.json' with { type: 'json' }
import { createApp } from '../../src/app.ts'
import { envLayer, loadConfig } from '../../src/config/load-config.ts'
import { SPEC_PATH, TAGS } from '../../src/docs/api-docs.ts'
import { createLogger } from '../../src/log/logger.ts'
import { routerFor } from '../support/router-for.ts'

/** The app as `main.ts` builds it, from environment variables, against the demo backend. */
function appWith(env: Record<string, string>) {
  const config = loadConfig([envLayer({ UPSTREAM: 'demo', ...env })])
  const logger = createLogger({ level: 'error', containerId: '', secrets: [], write: () => {} })
  return createApp({ config, router: routerFor(config), logger })
}

const app = appWith({})
const get = (path: string) => app.handle(new Request(`http://localhost${path}`))

interface MediaType {
  schema?: object
  example?: unknown
  examples?: Record<string, { value: unknown }>
}
interface Operation {
  tags?: string[]
  summary?: string
  requestBody?: { content: Record<string, MediaType> }
  responses?: Record<string, { description: string; content?: Record<string, MediaType> }>
}
type Document = {
  openapi: string
  info: { title: string; version: string; description: string }
  tags: { name: string; description: string }[]
  paths: Record<string, Record<string, Operation>>
}

const response = await get(SPEC_PATH)
const document = (await response.json()) as Document
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
)
const mediaTypes = operations.flatMap(({ path, method, operation }) => [
  ...Object.entries(operation.requestBody?.content ?? {}).map(([type, media]) => ({
    where: `${method} ${path} request ${type}`,
    media,
  })),
  ...Object.entries(operation.responses ?? {}).flatMap(([status, { content }]) =>
    Object.entries(content ?? {}).map(([type, media]) => ({
      where: `${method} ${path} ${status} ${type}`,
      media,
    })),
  ),
])

describe('the OpenAPI document at /swagger/json', () => {
  test('is served as JSON', () => {
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('application/json')
  })

  test('is valid OpenAPI 3.1 (swagger-parser: the official schema, then the spec rules)', async () => {
    expect(document.openapi).toStartWith('3.1.')
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy()
  })

  test('is valid OpenAPI 3.1 with API_KEYS set too (security schemes, 401s)', async () => {
    const keyed = appWith({ API_KEYS: 'alice:sk-alice-0123456789abcdef' })
    const keyedDocument = await (
      await keyed.handle(new Request(`http://localhost${SPEC_PATH}`))
    ).json()
    await expect(SwaggerParser.validate(keyedDocument as never)).resolves.toBeTruthy()
    expect(JSON.stringify(keyedDocument)).toContain('"securitySchemes"')
  })

  test('the validator does reject an invalid document (it really validates)', async () => {
    const broken = structuredClone(document)
    ;(broken.paths['/api/version'] as Record<string, unknown>).get = { responses: { ok: {} } }
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow()
  })

  // The OpenAPI 3.1 schema leaves Schema Objects to JSON Schema 2020-12: check those too.
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true })

  test('every schema in it is valid JSON Schema 2020-12', () => {
    const invalid = mediaTypes.filter(({ media }) => !ajv.validateSchema(media.schema ?? {}))
    expect(invalid.map(({ where }) => where)).toEqual([])
  })

  test('every example in it matches its schema', () => {
    const mismatches: string[] = []
    let checked = 0
    const check = (where: string, schema: object, value: unknown) => {
      checked++
      if (!ajv.validate(schema, value)) mismatches.push(`${where}: ${ajv.errorsText()}`)
    }
    for (const { where, media } of mediaTypes) {
      if (!media.schema) continue
      if (media.example !== undefined) check(where, media.schema, media.example)
      for (const [name, { value }] of Object.entries(media.examples ?? {})) {
        check(`${where} (${name})`, media.schema, value)
      }
      for (const [at, schema] of subschemasWithExamples(media.schema)) {
        for (const example of schema.examples) check(`${where} ${at}`, schema, example)
      }
    }
    expect(mismatches).toEqual([])
    expect(checked).toBeGreaterThan(100)
  })

  test('documents every route of the app, each under a tag, with a summary and responses', () => {
    const routes = app.routes.filter((route) => !route.hooks?.detail?.hide)
    expect(routes.length).toBeGreaterThan(20)
    const tagNames = TAGS.map((tag) => tag.name)
    for (const route of routes) {
      const path = route.path.replace(/:([^/]+)/g, '{$1}')
      const operation = document.paths[path]?.[route.method.toLowerCase()]
      expect(operation, `${route.method} ${route.path}`).toBeDefined()
      expect(operation?.summary).toBeTruthy()
      expect(tagNames).toContain(operation?.tags?.[0] ?? '')
      expect(Object.keys(operation?.responses ?? {}).length).toBeGreaterThan(0)
      for (const [status, { description }] of Object.entries(operation?.responses ?? {})) {
        // The plugin's stand-in when a schema has no description: every response says what it is.
        expect(description, `${route.method} ${route.path} ${status}`).not.toStartWith(
          'Response for status',
        )
      }
    }
    expect(operations.length).toBe(routes.length)
  })

  test('has the title, the version of package.json, a description, and the tags in order', () => {
    expect(document.info.title).toBe('ollama-openai-proxy')
    expect(document.info.version).toBe(packageJson.version)
    expect(document.info.description).toContain('Ollama REST API')
    expect(document.tags.map((tag) => tag.name)).toEqual([
      'Ollama',
      'Generate',
      'Embeddings',
      'Models',
      'OpenAI',
      'Anthropic',
      'Operations',
    ])
    for (const tag of document.tags) expect(tag.description).toBeTruthy()
  })

  test('documents request bodies as application/json with their schema', () => {
    const chat = document.paths['/api/chat']?.post?.requestBody?.content
    expect(Object.keys(chat ?? {})).toEqual(['application/json'])
    expect(chat?.['application/json']?.schema).toMatchObject({
      type: 'object',
      properties: { model: { type: 'string' }, messages: { type: 'array' } },
    })
  })

  test.each([
    ['/api/chat', 'message'],
    ['/api/generate', 'response'],
    ['/api/pull', 'status'],
  ])('%s: 200 is application/json or an application/x-ndjson stream', (path, field) => {
    const ok = document.paths[path]?.post?.responses?.['200']
    expect(Object.keys(ok?.content ?? {}).sort()).toEqual([
      'application/json',
      'application/x-ndjson',
    ])
    expect(ok?.description).toContain('application/x-ndjson')
    const ndjson = ok?.content?.['application/x-ndjson']
    // Each line: a chunk of the JSON schema, or the error object.
    expect(ndjson?.schema).toMatchObject({
      anyOf: [
        { type: 'object', properties: { [field]: {} } },
        { type: 'object', properties: { error: { type: 'string' } } },
      ],
    })
    expect(Object.keys(ndjson?.examples ?? {})).toEqual(['first', 'last', 'error'])
  })

  test('the chat and generate streams end with done: true', () => {
    for (const path of ['/api/chat', '/api/generate']) {
      const ok = document.paths[path]?.post?.responses?.['200']
      const examples = ok?.content?.['application/x-ndjson']?.examples
      expect(examples?.first?.value).toMatchObject({ done: false })
      expect(examples?.last?.value).toMatchObject({ done: true, done_reason: 'stop' })
      expect(examples?.error?.value).toEqual({ error: expect.any(String) })
    }
  })

  test('errors: the Ollama error object on /api, the OpenAI error object on /v1', () => {
    const ollama = document.paths['/api/chat']?.post?.responses?.['404']
    expect(ollama?.content?.['application/json']?.schema).toMatchObject({
      required: ['error'],
      properties: { error: { type: 'string' } },
    })
    const openai = document.paths['/v1/chat/completions']?.post?.responses?.['404']
    expect(openai?.content?.['application/json']?.schema).toMatchObject({
      properties: {
        error: {
          required: ['message', 'type', 'param', 'code'],
          properties: { message: { type: 'string' }, type: { type: 'string' } },
        },
      },
    })
  })

  test('/v1/chat/completions: 200 is JSON, or server-sent events', () => {
    const ok = document.paths['/v1/chat/completions']?.post?.responses?.['200']
    expect(Object.keys(ok?.content ?? {}).sort()).toEqual(['application/json', 'text/event-stream'])
    expect(ok?.content?.['text/event-stream']?.example).toEndWith('data: [DONE]\n\n')
  })

  test('/v1/messages: the request schema; 200 is a message or Anthropic events; errors in its shape', () => {
    const operation = document.paths['/v1/messages']?.post
    expect(operation?.requestBody?.content?.['application/json']?.schema).toMatchObject({
      type: 'object',
      required: ['model', 'messages', 'max_tokens'],
      properties: { system: {}, tools: { type: 'array' }, thinking: { type: 'object' } },
    })
    const ok = operation?.responses?.['200']
    expect(Object.keys(ok?.content ?? {}).sort()).toEqual(['application/json', 'text/event-stream'])
    expect(ok?.content?.['application/json']?.schema).toMatchObject({
      properties: { content: { type: 'array' }, stop_reason: {}, usage: { type: 'object' } },
    })
    const stream = String(ok?.content?.['text/event-stream']?.example)
    expect([...stream.matchAll(/^event: (\w+)$/gm)].map((match) => match[1])).toEqual([
      'message_start',
      ...['content_block_start', 'content_block_delta', 'content_block_delta'],
      'content_block_stop',
      ...['content_block_start', 'content_block_delta', 'content_block_stop'],
      ...['content_block_start', 'content_block_delta', 'content_block_delta'],
      'content_block_stop',
      'message_delta',
      'message_stop',
    ])
    for (const event of ['ping', 'error', 'signature_delta', 'input_json_delta']) {
      expect(`${ok?.description} ${stream}`).toContain(event)
    }
    expect(operation?.responses?.['404']?.content?.['application/json']?.schema).toMatchObject({
      required: ['type', 'error', 'request_id'],
    })
    const count = document.paths['/v1/messages/count_tokens']?.post
    expect(count?.requestBody?.content?.['application/json']?.schema).toMatchObject({
      required: ['model', 'messages'],
    })
    expect(Object.keys(count?.responses ?? {})).toEqual(['200', '400'])
  })

  test('/v1/responses: 200 is a response object, or its named events as the encoder writes them', () => {
    const ok = document.paths['/v1/responses']?.post?.responses?.['200']
    expect(Object.keys(ok?.content ?? {}).sort()).toEqual(['application/json', 'text/event-stream'])
    expect(ok?.content?.['application/json']?.schema).toMatchObject({
      properties: { object: { const: 'response' }, store: { const: false } },
    })
    for (const event of ['response.created', 'response.output_text.delta', 'response.failed']) {
      expect(ok?.description).toContain(event)
    }
    const stream = String(ok?.content?.['text/event-stream']?.example)
    expect(stream).toStartWith(
      'event: response.created\ndata: {"type":"response.created","sequence_number":0,',
    )
    expect(stream).toContain('event: response.reasoning_summary_text.delta\n')
    expect(stream).toMatch(/event: response\.completed\ndata: .*"status":"completed".*\n\n$/)
    expect(stream).not.toContain('[DONE]')
  })

  test('GET / is documented as text/plain', () => {
    const ok = document.paths['/']?.get?.responses?.['200']
    expect(Object.keys(ok?.content ?? {})).toEqual(['text/plain'])
  })

  test('is the same on every request (the completion of the document is idempotent)', async () => {
    const again = await (await get(SPEC_PATH)).json()
    expect(again).toEqual(document)
  })
})

describe('Swagger UI at /swagger', async () => {
  const page = await get('/swagger')
  const html = await page.text()
  const references = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((match) => match[1] ?? '')

  test('is an HTML page that loads its script and stylesheet from this server only', () => {
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(references.length).toBe(2)
    for (const reference of references) expect(reference).toMatch(/^\/swagger\/assets\//)
    // No URL of another host anywhere: no CDN, no font, no validator badge.
    expect(html).not.toMatch(/https?:\/\/|\/\/[a-z]/i)
    expect(html).toContain('"validatorUrl":"none"')
    expect(html).toContain(`"url":"${SPEC_PATH}"`)
  })

  test('describes the service in plain text in its <meta> tags', () => {
    const plain =
      'Speaks the Ollama REST API and answers from any OpenAI-compatible backend. Tools built for Ollama work unchanged: point them at this server.'
    const metas = [...html.matchAll(/name="(og:)?description"\s+content="([^"]*)"/g)]
    expect(metas.map((match) => match[2])).toEqual([plain, plain])
    expect(html).toContain('<title>ollama-openai-proxy</title>')
  })

  test('the assets are the swagger-ui-dist files, served with their content type', async () => {
    const expected = {
      'swagger-ui-bundle.js': 'text/javascript',
      'swagger-ui.css': 'text/css',
    }
    for (const reference of references) {
      const asset = await get(reference)
      const name = new URL(reference, 'http://localhost').pathname.split('/').at(-1) ?? ''
      expect(asset.status).toBe(200)
      expect(asset.headers.get('content-type')).toStartWith(expected[name as keyof typeof expected])
      const bytes = new Uint8Array(await asset.arrayBuffer())
      const original = await Bun.file(
        Bun.resolveSync(`swagger-ui-dist/${name}`, import.meta.dir),
      ).bytes()
      expect(bytes.length).toBeGreaterThan(100_000)
      expect(Bun.hash(bytes)).toBe(Bun.hash(original))
    }
  })

  test('hides its own routes (page, document, assets) from the document', () => {
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/swagger'))).toEqual([])
  })
})

describe('with DOCS=false', () => {
  const off = appWith({ DOCS: 'false' })
  const getOff = (path: string) => off.handle(new Request(`http://localhost${path}`))

  test('/swagger, /swagger/json and the assets are 404; the API still answers', async () => {
    for (const path of ['/swagger', SPEC_PATH, '/swagger/assets/swagger-ui-bundle.js']) {
      expect((await getOff(path)).status).toBe(404)
    }
    expect((await getOff('/api/version')).status).toBe(200)
  })
})

/** Every subschema (properties, items, unions…) that carries `examples`, with where it is. */
function subschemasWithExamples(
  schema: object,
  at = '#',
): [string, { examples: unknown[] } & object][] {
  const found: [string, { examples: unknown[] } & object][] = []
  const node = schema as Record<string, unknown>
  if (Array.isArray(node.examples)) found.push([at, node as { examples: unknown[] }])
  for (const key of ['properties', 'patternProperties']) {
    for (const [name, child] of Object.entries((node[key] ?? {}) as Record<string, object>)) {
      found.push(...subschemasWithExamples(child, `${at}/${key}/${name}`))
    }
  }
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    for (const [index, child] of ((node[key] ?? []) as object[]).entries()) {
      found.push(...subschemasWithExamples(child, `${at}/${key}/${index}`))
    }
  }
  for (const key of ['items', 'additionalProperties']) {
    const child = node[key]
    if (child && typeof child === 'object') {
      found.push(...subschemasWithExamples(child, `${at}/${key}`))
    }
  }
  return found
}
