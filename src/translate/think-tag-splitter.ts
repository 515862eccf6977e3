const open = '<think>'
const close = '</think>'

/**
 * Splits reasoning that a backend leaves inline in the content (`<think>…</think>` first, as R1-style
 * models answer from servers without a reasoning parser) from the answer, as Ollama does for
 * thinking models. Only a tag at the start of the content counts; tags split across chunks are
 * held back until they are whole. Whitespace after the closing tag is dropped. What is still held
 * when a stream ends is only whitespace or part of a tag, and is dropped with it.
 */
export class ThinkTagSplitter {
  #state: 'start' | 'thinking' | 'answerStart' | 'answer' = 'start'
  #held = ''

  split(text: string): { content: string; thinking: string } {
    if (this.#state === 'answer') return { content: text, thinking: '' }
    let input = this.#held + text
    this.#held = ''
    let thinking = ''
    while (input !== '') {
      if (this.#state === 'answer') return { content: input, thinking }
      if (this.#state === 'answerStart') {
        input = input.trimStart()
        if (input !== '') this.#state = 'answer'
        continue
      }
      if (this.#state === 'start') {
        const trimmed = input.trimStart()
        if (trimmed.startsWith(open)) {
          this.#state = 'thinking'
          input = trimmed.slice(open.length)
        } else if (open.startsWith(trimmed)) {
          this.#held = input
          input = ''
        } else {
          this.#state = 'answer'
        }
        continue
      }
      const end = input.indexOf(close)
      if (end >= 0) {
        thinking += input.slice(0, end)
        input = input.slice(end + close.length)
        this.#state = 'answerStart'
        continue
      }
      const kept = partialTagLength(input)
      thinking += input.slice(0, input.length - kept)
      this.#held = input.slice(input.length - kept)
      input = ''
    }
    return { content: '', thinking }
  }
}

/** How many characters at the end of `text` could be the start of the closing tag. */
function partialTagLength(text: string): number {
  for (let length = Math.min(close.length - 1, text.length); length > 0; length--) {
    if (close.startsWith(text.slice(-length))) return length
  }
  return 0
}
