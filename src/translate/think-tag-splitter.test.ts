import { describe, expect, test } from 'bun:test'
import { ThinkTagSplitter } from './think-tag-splitter.ts'

/** Feeds the pieces in order and joins what comes out. */
function splitAll(...pieces: string[]) {
  const splitter = new ThinkTagSplitter()
  let content = ''
  let thinking = ''
  for (const piece of pieces) {
    const out = splitter.split(piece)
    content += out.content
    thinking += out.thinking
  }
  return { content, thinking }
}

describe('ThinkTagSplitter', () => {
  test('moves a leading <think> block into thinking and drops the whitespace after it', () => {
    expect(splitAll('<think>Let me see.</think>\n\nThe answer is 4.')).toEqual({
      thinking: 'Let me see.',
      content: 'The answer is 4.',
    })
  })

  test('handles tags and whitespace split across chunks at any point', () => {
    const text = '  <think>Hmm, 2+2.</think>\n\nFour.'
    for (let cut = 1; cut < text.length; cut++) {
      expect(splitAll(text.slice(0, cut), text.slice(cut))).toEqual({
        thinking: 'Hmm, 2+2.',
        content: 'Four.',
      })
    }
    expect(splitAll(...text.split(''))).toEqual({ thinking: 'Hmm, 2+2.', content: 'Four.' })
  })

  test('leaves content without a leading tag alone, tags later in the text included', () => {
    expect(splitAll('Use <think> tags like ', '<think>this</think>.')).toEqual({
      thinking: '',
      content: 'Use <think> tags like <think>this</think>.',
    })
    expect(splitAll('<thin', 'king>')).toEqual({ thinking: '', content: '<thinking>' })
  })

  test('passes text through untouched once the answer has started', () => {
    const splitter = new ThinkTagSplitter()
    expect(splitter.split('Hello')).toEqual({ content: 'Hello', thinking: '' })
    expect(splitter.split(' <think>x</think>')).toEqual({
      content: ' <think>x</think>',
      thinking: '',
    })
  })

  test('streams thinking as it comes, holding back only a possible closing tag', () => {
    const splitter = new ThinkTagSplitter()
    expect(splitter.split('<think>abc</th')).toEqual({ content: '', thinking: 'abc' })
    expect(splitter.split('ink>done')).toEqual({ content: 'done', thinking: '' })
  })
})
