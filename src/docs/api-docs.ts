import { openapi } from '@elysiajs/openapi'
import { SwaggerUIRender } from '@elysiajs/openapi/swagger'
import { Elysia } from 'elysia'
import swaggerUiPackage from 'swagger-ui-dist/package.json' with { type: 'json' }
import swaggerUiCss from 'swagger-ui-dist/swagger-ui.css' with { type: 'file' }
import swaggerUiBundle from 'swagger-ui-dist/swagger-ui-bundle.js' with { type: 'file' }
import packageJson from '../../package.json' with { type: 'json' }
import {
  completeDocument,
  type DocumentedRoute,
  type OpenApiDocument,
} from './complete-document.ts'
import {
  clientKeyRequirement,
  clientKeySchemes,
  withClientKeySecurity,
} from './with-client-key-security.ts'

/** Swagger UI. */
export const DOCS_PATH = '/swagger'
/** The OpenAPI document (JSON). */
export const SPEC_PATH = '/swagger/json'
const ASSETS_PATH = '/swagger/assets'

/** The endpoint groups, in the order Swagger UI shows them. */
export const TAGS = [
  { name: 'Ollama', description: 'Is the server up, which Ollama version it speaks' },
  {
    name: 'Generate',
    description:
      'Chat and completion: streamed as NDJSON (one JSON object per line) unless `"stream": false`',
  },
  { name: 'Embeddings', description: 'Vectors for texts, from the upstream embedding models' },
  {
    name: 'Models',
    description:
      'The models the upstream offers, as Ollama lists and describes them. Models live upstream: creating, copying, pushing or deleting them is refused with 501',
  },
  {
    name: 'OpenAI',
    description:
      'The OpenAI API on the same port, as Ollama serves it: model names are resolved like Ollama names; chat completions, completions and embeddings pass through unchanged; the Responses API (stateless) is answered through the same generation path as /api/chat',
  },
  {
    name: 'Anthropic',
    description:
      "The Anthropic Messages API on the same port, as Ollama 0.14 serves it (Claude Code: ANTHROPIC_BASE_URL=http://host:11434), answered by the backend; errors in Anthropic's shape",
  },
  { name: 'Operations', description: 'Liveness and readiness probes for orchestrators' },
]

const summary =
  'Speaks the **Ollama REST API** and answers from any **OpenAI-compatible backend**. Tools built for Ollama work unchanged: point them at this server.'

const info = { title: 'ollama-openai-proxy', version: packageJson.version }

const description = [
  summary,
  '',
  '- Request bodies are JSON, whatever the Content-Type; zstd, gzip, deflate or br when',
  '  Content-Encoding says so; `null` means absent, as in Ollama.',
  '- Every error is a JSON object with an `error` message (OpenAI error object on `/v1`).',
  '- Streaming endpoints answer `application/x-ndjson`: one JSON object per line, the last one',
  '  with `done: true`; a failure once the stream has begun ends it with an `error` line.',
  '  `/v1` streams are server-sent events.',
  '',
  `The OpenAPI document: [${SPEC_PATH}](${SPEC_PATH}).`,
].join('\n')

/** Embedded in the compiled binary (`with { type: 'file' }`) and served from it: no CDN. */
const assets = {
  'swagger-ui-bundle.js': { file: swaggerUiBundle, type: 'text/javascript; charset=utf-8' },
  'swagger-ui.css': { file: swaggerUiCss, type: 'text/css; charset=utf-8' },
}

/** `/swagger/assets/<name>?v=<swagger-ui version>`: cacheable, and busted by an upgrade. */
const assetUrl = (name: keyof typeof assets) =>
  `${ASSETS_PATH}/${name}?v=${swaggerUiPackage.version}`

/** The page's options: assets from this server, nothing from elsewhere. */
const swaggerUiOptions = {
  dom_id: '#swagger-ui',
  cdn: assetUrl('swagger-ui-bundle.js'),
  theme: assetUrl('swagger-ui.css'),
  // Absolute, like the assets: the plugin's default (relative) breaks at /swagger/.
  url: SPEC_PATH,
  // The plugin's dark mode inverts colours with a CSS filter; Swagger UI 5 has its own.
  autoDarkMode: false,
  // The default validator badge is an image from validator.swagger.io.
  validatorUrl: 'none',
  docExpansion: 'list' as const,
  displayRequestDuration: true,
  filter: true,
}

/**
 * Every route of the app this plugin is used in: what the openapi plugin generates the document
 * from, through the same accessor (protected in Elysia's types, public at runtime).
 */
const globalRoutes = (plugin: Elysia) =>
  (plugin as unknown as { getGlobalRoutes(): DocumentedRoute[] }).getGlobalRoutes()

export interface ApiDocsOptions {
  enabled: boolean
  /**
   * With API_KEYS set, the paths that need no key: the document declares how to send a key for
   * the others, and Swagger UI asks for one.
   */
  openWithoutKey?: (path: string) => boolean
}

/**
 * The API docs: the OpenAPI document generated from the routes' TypeBox schemas (the ones they
 * validate with) at /swagger/json, and Swagger UI at /swagger, with every asset it needs served by
 * this server, so that the page works with no Internet access.
 */
export function apiDocs(options: ApiDocsOptions) {
  const docs = new Elysia({ name: 'api-docs' })
  if (!options.enabled) return docs
  for (const [name, asset] of Object.entries(assets)) {
    const file = Bun.file(asset.file)
    docs.get(
      `${ASSETS_PATH}/${name}`,
      () =>
        new Response(file, {
          headers: { 'content-type': asset.type, 'cache-control': 'public, max-age=86400' },
        }),
      { detail: { hide: true } },
    )
  }
  // The page is rendered here rather than by the plugin, which serves it as `charset=utf8` and
  // puts the Markdown description into its <meta> tags. Those take the summary as plain text (the
  // renderer inserts it as is: it must hold no double quotes or angle brackets).
  const page = SwaggerUIRender(
    { ...info, description: summary.replaceAll('**', '') },
    swaggerUiOptions,
  )
  return docs
    .get(
      DOCS_PATH,
      () => new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } }),
      { detail: { hide: true } },
    )
    .onAfterHandle(({ route, responseValue }) => {
      if (route !== SPEC_PATH) return
      const document = completeDocument(responseValue as OpenApiDocument, globalRoutes(docs))
      if (options.openWithoutKey) withClientKeySecurity(document, options.openWithoutKey)
    })
    .use(
      openapi({
        specPath: SPEC_PATH,
        provider: null,
        documentation: {
          info: { ...info, description },
          tags: TAGS,
          ...(options.openWithoutKey && {
            components: { securitySchemes: clientKeySchemes },
            security: clientKeyRequirement,
          }),
        },
      }),
    )
}
