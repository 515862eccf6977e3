import { describe, expect, test } from 'bun:test'
import { maxQuotedLength, quoteUpstreamText } from './quote-upstream-text.ts'

describe('quoteUpstreamText', () => {
  test('keeps a short message as it is', () => {
    expect(quoteUpstreamText('Rate limit reached')).toBe('Rate limit reached')
  })

  test('collapses whitespace and newlines to single spaces', () => {
    expect(quoteUpstreamText('  bad\n\n request\t here ')).toBe('bad request here')
  })

  test('reduces an HTML page to its title', () => {
    const page = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>p{}</style></head><body>${'<p>x</p>'.repeat(100_000)}</body></html>`
    expect(quoteUpstreamText(page)).toBe('502 Bad Gateway')
  })

  test('reduces an HTML page without a title to its text, without scripts and styles', () => {
    expect(
      quoteUpstreamText(
        '<html><script>var a=1</script><style>b{}</style><h1>Oops</h1> <p>down</p></html>',
      ),
    ).toBe('Oops down')
  })

  test(`cuts long text to ${maxQuotedLength} characters and says so`, () => {
    const quoted = quoteUpstreamText('x'.repeat(2_000_000))
    expect(quoted).toBe(`${'x'.repeat(maxQuotedLength)}…`)
  })
})
