import { describe, expect, test } from 'bun:test'
import type { UpstreamModel } from '../upstream/upstream.ts'
import { findUpstreamModel, indexModelsById } from './find-upstream-model.ts'

const gpt: UpstreamModel = { id: 'GPT-4o', created: 1 }
const free: UpstreamModel = { id: 'meta-llama/llama-3.1-8b-instruct:free' }
const tagged: UpstreamModel = { id: 'llama3.2:latest' }
const index = indexModelsById([gpt, free, tagged])

describe('indexModelsById', () => {
  test('keys every model by its lower-cased id', () => {
    expect([...index.entries()]).toEqual([
      ['gpt-4o', gpt],
      ['meta-llama/llama-3.1-8b-instruct:free', free],
      ['llama3.2:latest', tagged],
    ])
  })

  test('indexes an empty list as an empty map', () => {
    expect(indexModelsById([]).size).toBe(0)
  })
})

describe('findUpstreamModel', () => {
  test.each([
    ['GPT-4o', gpt],
    ['gpt-4o', gpt],
    ['gpt-4o:latest', gpt],
    ['GPT-4O:LATEST', gpt],
    ['  gpt-4o  ', gpt],
    ['meta-llama/llama-3.1-8b-instruct:free', free],
    ['llama3.2:latest', tagged],
  ])('finds the model the client calls %p', (name, model) => {
    expect(findUpstreamModel(index, name)).toBe(model)
  })

  test.each(['gpt-4', 'gpt-4o:mini', 'meta-llama/llama-3.1-8b-instruct', 'llama3.2', ''])(
    'finds nothing for %p',
    (name) => {
      expect(findUpstreamModel(index, name)).toBeUndefined()
    },
  )
})
