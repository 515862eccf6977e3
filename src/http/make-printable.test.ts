import { describe, expect, test } from 'bun:test'
import { makePrintable } from './make-printable.ts'

describe('makePrintable', () => {
  test('lets an object with its own toString key become text, at any depth', () => {
    const value = makePrintable(JSON.parse('{"a":[{"b":{"toString":1}}],"toString":""}'))
    expect(`${value}`).toBe('[object Object]')
    expect(`${value.a[0].b}`).toBe('[object Object]')
    expect(String(value.a)).toBe('[object Object]')
  })

  test('without it, turning such an object into text throws', () => {
    const value = JSON.parse('{"toString":1}')
    expect(() => `${value}`).toThrow(TypeError)
  })

  test('changes nothing JSON, spreads or key listings see', () => {
    const text = '{"toString":"x","n":[1,{"toString":null}],"s":"y"}'
    const value = makePrintable(JSON.parse(text))
    expect(JSON.stringify(value)).toBe(text)
    expect(Object.keys(value)).toEqual(['toString', 'n', 's'])
    expect({ ...value }).toEqual(JSON.parse(text))
    expect(value.toString).toBe('x')
  })

  test('leaves other values as they are', () => {
    expect(makePrintable(null)).toBe(null)
    expect(makePrintable('text')).toBe('text')
    const plain = { a: 1 }
    expect(Object.getOwnPropertySymbols(makePrintable(plain))).toEqual([])
  })
})
