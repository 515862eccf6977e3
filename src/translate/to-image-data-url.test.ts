import { describe, expect, test } from 'bun:test'
import { thrown } from '../../test/support/thrown.ts'
import { toImageDataUrl } from './to-image-data-url.ts'

const base64 = (...values: (number | string)[]) =>
  Buffer.from(
    values.flatMap((value) =>
      typeof value === 'string' ? [...value].map((char) => char.charCodeAt(0)) : [value],
    ),
  ).toString('base64')

const png = base64(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'IHDR', 0, 0, 0, 1)
const jpeg = base64(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'JFIF', 0, 1, 1, 0)
const gif87 = base64('GIF87a', 1, 0, 1, 0, 0x80, 0, 0)
const gif89 = base64('GIF89a', 1, 0, 1, 0, 0x80, 0, 0)
const webp = base64('RIFF', 0x24, 0, 0, 0, 'WEBP', 'VP8 ', 0, 0)
const bmp = base64('BM', 0x36, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0)
const unknown = base64('%PDF-1.7 something')

describe('toImageDataUrl', () => {
  test('the test images start with the base64 prefixes the reference lists', () => {
    expect({ png, jpeg, gif87, gif89, webp, bmp }).toMatchObject({
      png: expect.stringMatching(/^iVBORw0KGgo/),
      jpeg: expect.stringMatching(/^\/9j\//),
      gif87: expect.stringMatching(/^R0lGODdh/),
      gif89: expect.stringMatching(/^R0lGODlh/),
      webp: expect.stringMatching(/^UklGR/),
      bmp: expect.stringMatching(/^Qk/),
    })
  })

  test.each([
    ['PNG', png, 'image/png'],
    ['JPEG', jpeg, 'image/jpeg'],
    ['GIF87a', gif87, 'image/gif'],
    ['GIF89a', gif89, 'image/gif'],
    ['WEBP', webp, 'image/webp'],
    ['BMP', bmp, 'image/bmp'],
    ['unknown data', unknown, 'image/jpeg'],
  ])('turns plain base64 %s into a data URL of type %s', (_name, image, mime) => {
    expect(toImageDataUrl(image)).toBe(`data:${mime};base64,${image}`)
  })

  test('strips a data: prefix (lenient) and keeps the same data URL', () => {
    expect(toImageDataUrl(`data:image/png;base64,${png}`)).toBe(`data:image/png;base64,${png}`)
  })

  test('re-detects the type from the bytes rather than trusting a data: prefix', () => {
    expect(toImageDataUrl(`data:image/gif;base64,${png}`)).toBe(`data:image/png;base64,${png}`)
    expect(toImageDataUrl(`data:;base64,${webp}`)).toBe(`data:image/webp;base64,${webp}`)
  })

  test('removes whitespace and line breaks inside the base64 text', () => {
    const wrapped = ` ${png.slice(0, 10)}\n${png.slice(10, 20)}\r\n\t${png.slice(20)} `
    expect(toImageDataUrl(wrapped)).toBe(`data:image/png;base64,${png}`)
  })

  test('detects the type of an image shorter than 12 bytes', () => {
    expect(toImageDataUrl('Qk0=')).toBe('data:image/bmp;base64,Qk0=')
  })

  test('accepts URL-safe base64 characters', () => {
    expect(toImageDataUrl('_9j_4AAQ')).toBe('data:image/jpeg;base64,_9j_4AAQ')
  })

  test.each([
    ['an empty string', ''],
    ['only whitespace', ' \n '],
    ['a data: prefix with no data', 'data:image/png;base64,'],
    ['characters outside base64', 'not base64!'],
    ['padding in the middle', 'ab==cd'],
    ['too much padding', 'abc==='],
    ['an http URL', 'https://example.com/cat.png'],
  ])('refuses %s with a 400', (_name, image) => {
    const error = thrown(() => toImageDataUrl(image))
    expect({ status: error.status, message: error.message }).toEqual({
      status: 400,
      message: 'invalid image: expected base64-encoded image data',
    })
  })
})
