/** What a demo answer can quote from the user's words. */
export interface PromptFacts {
  /** The whole text. */
  text: string
  /**
   * Proper names, in order: runs of capitalised words ("Tokyo", "New York"). The capitalised first
   * word of a sentence counts, alone, only when no other names are found ("Tokyo weather?").
   */
  names: string[]
  /** Text in double quotes, curly quotes, backticks or single quotes, in order. */
  quoted: string[]
  /** Numbers, in order. */
  numbers: number[]
}

/** Words that start sentences without naming anything: questions, requests, pronouns. */
const sentenceStarters = new Set(
  (
    'a an the i what whats which who whom whose when where why how is are was were do does did ' +
    'can could would should will shall may might must please use call tell give get find show ' +
    'let lets make check look list describe explain write say run search help and or but so ' +
    'then also now hi hello hey thanks thank yes no ok okay it its this that these those there ' +
    'my your our their he she we they you me'
  ).split(' '),
)

const wordPattern = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu
const quotePattern = /"([^"]+)"|“([^”]+)”|`([^`]+)`|(?<![\p{L}\p{N}])'([^']+)'(?![\p{L}\p{N}])/gu
const numberPattern = /(?<![\p{L}\d.])-?\d+(?:\.\d+)?/gu

/** The names, quotes and numbers in `text`, for the demo to draw tool arguments and JSON from. */
export function readPromptFacts(text: string): PromptFacts {
  const quoted = [...text.matchAll(quotePattern)].map((match) =>
    (match[1] ?? match[2] ?? match[3] ?? match[4] ?? '').trim(),
  )
  const numbers = [...text.matchAll(numberPattern)].map((match) => Number(match[0]))
  return { text, names: namesIn(text), quoted: quoted.filter(Boolean), numbers }
}

function namesIn(text: string): string[] {
  const names: string[] = []
  const sentenceInitial: string[] = []
  for (const sentence of text.split(/(?<=[.!?:;\n])\s+/)) {
    let run: string[] = []
    let previousEnd = 0
    const endRun = () => {
      if (run.length > 0) names.push(run.join(' '))
      run = []
    }
    for (const match of sentence.matchAll(wordPattern)) {
      const word = match[0]
      const isFirst = previousEnd === 0 && sentence.slice(0, match.index).trim() === ''
      if (sentence.slice(previousEnd, match.index).trim() !== '') endRun()
      previousEnd = match.index + word.length
      const isName = /^\p{Lu}/u.test(word) && !/^I(['’]|$)/.test(word)
      if (!isName) endRun()
      // A sentence's first word stands alone: "Compare Berlin" is a request about Berlin.
      else if (isFirst) {
        if (!sentenceStarters.has(word.toLowerCase().replace(/['’]/g, ''))) {
          sentenceInitial.push(word)
        }
      } else run.push(word)
    }
    endRun()
  }
  return names.length > 0 ? names : sentenceInitial
}
