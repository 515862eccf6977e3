import { describe, expect, test } from 'bun:test'
import { detectImageMime } from './detect-image-mime.ts'

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(
    values.flatMap((value) =>
      typeof value === 'string' ? [...value].map((char) => char.charCodeAt(0)) : [value],
    ),
  )

describe('detectImageMime', () => {
  test.each([
    ['PNG', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13), 'image/png'],
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'JFIF'), 'image/jpeg'],
    ['GIF87a', bytes('GIF87a', 1, 0, 1, 0), 'image/gif'],
    ['GIF89a', bytes('GIF89a', 1, 0, 1, 0), 'image/gif'],
    ['WEBP', bytes('RIFF', 0x24, 0, 0, 0, 'WEBP', 'VP8 '), 'image/webp'],
    ['BMP', bytes('BM', 0x36, 0, 0, 0), 'image/bmp'],
  ])('recognises %s by its magic number', (_name, image, mime) => {
    expect(detectImageMime(image)).toBe(mime)
  })

  test.each([
    ['a RIFF file that is not WEBP (WAV)', bytes('RIFF', 0x24, 0, 0, 0, 'WAVE')],
    ['a truncated RIFF header', bytes('RIFF', 0x24, 0)],
    ['a truncated PNG signature', bytes(0x89, 'PNG', 0x0d, 0x0a)],
    ['unknown bytes', bytes('%PDF-1.7')],
    ['no bytes at all', bytes()],
  ])('falls back to image/jpeg (as Ollama does) for %s', (_name, image) => {
    expect(detectImageMime(image)).toBe('image/jpeg')
  })
})
