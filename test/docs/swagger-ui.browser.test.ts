/**
 * Swagger UI in a real browser, air-gapped: headless Chromium opens /swagger served by the compiled
 * binary, with every request to a host other than this machine blocked (and recorded), then tries
 * GET /api/version out. The full-page screenshot is saved to artifacts/swagger-ui.png.
 *
 * Needs Debian's `chromium` (apt-get install -y chromium; or CHROMIUM_PATH). Without it the test is
 * skipped, unless REQUIRE_BROWSER=1 (as in CI), where it fails. PROXY_BINARY=path tests a binary
 * built beforehand; otherwise dist/ollama-openai-proxy is used, (re)built first if it is older than
 * the sources.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import packageJson from '../../package.json' with { type: 'json' }
import { ensureHostBinary } from '../../scripts/ensure-binary.ts'
import { type RunningBinary, startBinary } from '../../scripts/start-binary.ts'
import { DOCS_PATH, SPEC_PATH, TAGS } from '../../src/docs/api-docs.ts'

const root = join(import.meta.dir, '../..')
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const hasChromium = await Bun.file(chromiumPath).exists()
const screenshotPath = join(root, 'artifacts/swagger-ui.png')

if (!hasChromium) {
  const why = `no Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`
  if (process.env.REQUIRE_BROWSER === '1') {
    test('Chromium is installed (REQUIRE_BROWSER=1)', () => {
      throw new Error(`REQUIRE_BROWSER=1 but ${why}`)
    })
  } else {
    process.stderr.write(
      `\n[swagger-ui.browser.test] SKIPPED: ${why}. Set REQUIRE_BROWSER=1 to make this a failure.\n\n`,
    )
  }
}

/** Only this machine: anything else is blocked, and recorded. */
const isLocal = (url: URL) =>
  ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) ||
  ['data:', 'blob:', 'about:'].includes(url.protocol)

describe.skipIf(!hasChromium)('Swagger UI, served by the compiled binary, offline', () => {
  let workDir: string
  let server: RunningBinary | undefined
  let base: string
  let browser: Browser
  let context: BrowserContext
  let page: Page
  const blocked: string[] = []
  const failed: string[] = []
  const pageErrors: string[] = []

  // Without Chromium there are no hooks: bun would list them as two "(unnamed)" skipped tests.
  if (hasChromium) {
    beforeAll(async () => {
      workDir = mkdtempSync(join(tmpdir(), 'swagger-ui-test-'))
      const prebuilt = process.env.PROXY_BINARY
      const binary = prebuilt ? resolve(root, prebuilt) : await ensureHostBinary()
      // From an empty directory, with an empty environment: nothing beside the repo is read.
      server = await startBinary(binary, ['--demo', '--host', '127.0.0.1', '--port', '0'], {
        cwd: workDir,
        env: { HOME: workDir },
      })
      base = server.url

      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [
          '--no-sandbox',
          '--headless',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          // Belt and braces: no host name but localhost resolves at all.
          '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
        ],
      })
      // A new context is a fresh, empty profile.
      context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        colorScheme: 'light',
        serviceWorkers: 'block',
      })
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url())
        if (isLocal(url)) return route.continue()
        blocked.push(url.href)
        return route.abort('blockedbyclient')
      })
      page = await context.newPage()
      page.setDefaultTimeout(10_000)
      page.on('pageerror', (error) => pageErrors.push(error.message))
      page.on('requestfailed', (request) =>
        failed.push(`${request.url()}: ${request.failure()?.errorText}`),
      )
    }, 120_000)

    afterAll(async () => {
      await browser?.close()
      await server?.stop()
      rmSync(workDir, { recursive: true, force: true })
    })
  }

  test('renders every endpoint group and every endpoint', async () => {
    await page.goto(`${base}${DOCS_PATH}`)
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 15_000 })
    expect(await page.title()).toBe('ollama-openai-proxy')
    expect(await page.locator('.swagger-ui .info .title').textContent()).toContain(
      packageJson.version,
    )
    for (const tag of TAGS) {
      const heading = page.locator(`h3.opblock-tag[data-tag="${tag.name}"]`)
      await heading.waitFor({ timeout: 5_000 })
      expect(await heading.textContent()).toContain(tag.name)
    }
    const spec = (await (await fetch(`${base}${SPEC_PATH}`)).json()) as {
      paths: Record<string, object>
    }
    const operationCount = Object.values(spec.paths).flatMap(Object.keys).length
    expect(operationCount).toBeGreaterThan(20)
    expect(await page.locator('.opblock').count()).toBe(operationCount)
  }, 30_000)

  test('"Try it out" on GET /api/version shows the live 200 response', async () => {
    const operation = page.locator('#operations-Ollama-getApiVersion')
    await operation.locator('.opblock-summary').click()
    await operation.locator('.try-out__btn').click()
    await operation.locator('button.execute').click()
    const live = operation.locator('.live-responses-table tbody .response')
    await live.first().waitFor({ timeout: 10_000 })
    const status = await live.locator('.response-col_status').first().textContent()
    expect(status?.trim()).toBe('200')
    const body = (await live.locator('.response-col_description pre').first().textContent()) ?? ''
    const expected = await (await fetch(`${base}/api/version`)).json()
    expect(JSON.parse(body)).toEqual(expected)
    expect(expected).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/) })
  }, 30_000)

  test('nothing tried to leave this machine, nothing failed, no script error', () => {
    expect(blocked).toEqual([])
    expect(failed).toEqual([])
    expect(pageErrors).toEqual([])
  })

  test('the guard is real: a request to another host is blocked, and recorded', async () => {
    const before = blocked.length
    const probe = await context.newPage()
    await probe.goto(`${base}/api/version`)
    const outcome = await probe.evaluate(() =>
      fetch('https://unpkg.com/swagger-ui-dist/swagger-ui.css').then(
        () => 'loaded',
        () => 'blocked',
      ),
    )
    await probe.close()
    expect(outcome).toBe('blocked')
    expect(blocked.slice(before)).toEqual(['https://unpkg.com/swagger-ui-dist/swagger-ui.css'])
  })

  test('the screenshot (artifacts/swagger-ui.png) is a rendered page, not a blank one', async () => {
    mkdirSync(join(root, 'artifacts'), { recursive: true })
    const png = await page.screenshot({ path: screenshotPath, fullPage: true })
    expect(png.length).toBeGreaterThan(50_000)
    const { colors, inkShare, height } = await measurePng(context, png)
    expect(height).toBeGreaterThan(1500) // every group, one under the other
    expect(colors).toBeGreaterThan(50) // text, method badges, code blocks…
    expect(inkShare).toBeGreaterThan(0.05) // …on more than a white page
  }, 30_000)
})

// measurePng's function runs in the page; this project's TypeScript lib has no DOM types.
declare const Image: new () => {
  src: string
  width: number
  height: number
  decode(): Promise<void>
}
declare const document: {
  createElement(tag: 'canvas'): {
    width: number
    height: number
    getContext(kind: '2d'): {
      drawImage(image: unknown, x: number, y: number): void
      getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray }
    } | null
  }
}

/** Decodes the PNG in the browser: distinct colours, and the share of pixels that are not white. */
async function measurePng(context: BrowserContext, png: Buffer) {
  const scratch = await context.newPage()
  try {
    return await scratch.evaluate(async (base64) => {
      const image = new Image()
      image.src = `data:image/png;base64,${base64}`
      await image.decode()
      const canvas = document.createElement('canvas')
      canvas.width = image.width
      canvas.height = image.height
      const drawing = canvas.getContext('2d')
      if (!drawing) throw new Error('no 2d canvas')
      drawing.drawImage(image, 0, 0)
      const { data } = drawing.getImageData(0, 0, image.width, image.height)
      const colors = new Set<number>()
      let ink = 0
      let sampled = 0
      for (let i = 0; i < data.length; i += 4 * 7) {
        const [r, g, b] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0]
        colors.add((r << 16) | (g << 8) | b)
        if (r + g + b < 3 * 235) ink++
        sampled++
      }
      return { colors: colors.size, inkShare: ink / sampled, height: image.height }
    }, png.toString('base64'))
  } finally {
    await scratch.close()
  }
}
