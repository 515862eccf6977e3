import { describe, expect, test } from 'bun:test'
import { OllamaError } from '../errors/ollama-error.ts'
import { explainUnknownModel } from './explain-unknown-model.ts'

describe('explainUnknownModel', () => {
  test('adds how to tell Claude Code which models to use', () => {
    const unknown = OllamaError.modelNotFound('claude-haiku-4-5-20251001')
    const explained = explainUnknownModel(unknown)
    expect({ status: explained.status, message: explained.message }).toEqual({
      status: 404,
      message:
        "model 'claude-haiku-4-5-20251001' not found" +
        '; or tell Claude Code which models to use: ANTHROPIC_DEFAULT_OPUS_MODEL, ANTHROPIC_DEFAULT_SONNET_MODEL, ANTHROPIC_DEFAULT_HAIKU_MODEL and CLAUDE_CODE_SUBAGENT_MODEL',
    })
    expect(explained.cause).toBe(unknown)
  })

  test('leaves other errors as they are', () => {
    const limited = new OllamaError(429, 'slow down', { headers: { 'retry-after': '3' } })
    expect(explainUnknownModel(limited)).toBe(limited)
  })
})
