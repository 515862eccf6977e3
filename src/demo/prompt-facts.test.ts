import { describe, expect, test } from 'bun:test'
import { readPromptFacts } from './prompt-facts.ts'

const names = (text: string) => readPromptFacts(text).names

describe('readPromptFacts', () => {
  test.each([
    ['What is the weather in Tokyo? Use a tool.', ['Tokyo']],
    ['Directions from New York to San Francisco, please', ['New York', 'San Francisco']],
    ['Compare Berlin and Rome', ['Berlin', 'Rome']],
    ['Is it cold in Oslo? Tell me.', ['Oslo']],
    ['Tokyo weather tomorrow', ['Tokyo']],
    ["What's it like in Lima? I'd go.", ['Lima']],
    ['I think Paris is nice', ['Paris']],
    ['Paris. London. Rome.', ['Paris', 'London', 'Rome']],
    ['weather please', []],
    ['Please use a tool', []],
    ['', []],
  ])('names in %p', (text, expected) => {
    expect(names(text)).toEqual(expected)
  })

  test('reads quoted text in every kind of quote, and keeps apostrophes in words', () => {
    expect(
      readPromptFacts(`Search "black holes", “dark matter”, \`grep -r\` and 'quasars'; it's fine`)
        .quoted,
    ).toEqual(['black holes', 'dark matter', 'grep -r', 'quasars'])
  })

  test('reads numbers, negative and decimal ones too, but not digits inside words', () => {
    expect(readPromptFacts('3 days at -4.5 degrees for 2 people in gpt4 or v1.2').numbers).toEqual([
      3, -4.5, 2,
    ])
  })

  test('keeps the whole text', () => {
    expect(readPromptFacts('Hi there').text).toBe('Hi there')
  })
})
