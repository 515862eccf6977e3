import { describe, expect, test } from 'bun:test'
import type { UpstreamModel } from '../upstream/upstream.ts'
import { inferModelCapabilities, type ModelCapability } from './infer-model-capabilities.ts'

describe('inferModelCapabilities: from well-known ids', () => {
  test.each([
    ['text-embedding-3-small', ['embedding']],
    ['nomic-embed-text', ['embedding']],
    ['BAAI/bge-m3', ['embedding']],
    ['bge-large-en-v1.5', ['embedding']],
    ['intfloat/e5-large-v2', ['embedding']],
    ['thenlper/gte-base', ['embedding']],
    ['all-minilm', ['embedding']],
    ['gpt-4o', ['completion', 'tools', 'vision']],
    ['GPT-4o-mini', ['completion', 'tools', 'vision']],
    ['gpt-4.1', ['completion', 'tools', 'vision']],
    ['gpt-5', ['completion', 'tools', 'vision', 'thinking']],
    ['o1', ['completion', 'tools', 'vision', 'thinking']],
    ['o3-mini', ['completion', 'tools', 'vision', 'thinking']],
    ['openai/o4-mini', ['completion', 'tools', 'vision', 'thinking']],
    ['o5-preview', ['completion', 'tools', 'thinking']],
    ['gpt-oss-120b', ['completion', 'tools', 'thinking']],
    ['deepseek-reasoner', ['completion', 'tools', 'thinking']],
    ['deepseek-r1', ['completion', 'tools', 'thinking']],
    ['qwen3-32b', ['completion', 'tools', 'thinking']],
    ['qwq-32b', ['completion', 'tools', 'thinking']],
    ['llava:13b', ['completion', 'tools', 'vision']],
    ['claude-3-5-sonnet', ['completion', 'tools', 'vision']],
    ['gemini-2.0-flash', ['completion', 'tools', 'vision']],
    ['codestral-latest', ['completion', 'tools', 'insert']],
    ['qwen2.5-coder:7b', ['completion', 'tools', 'insert']],
    ['gpt-3.5-turbo', ['completion', 'tools']],
    ['mistral-large', ['completion', 'tools']],
    ['gpt-3.5-turbo-instruct', ['completion']],
    ['meta-llama/Llama-3.1-8B-Instruct', ['completion', 'tools']],
    ['davinci-002', ['completion']],
    ['whisper-1', ['completion']],
    ['dall-e-3', ['completion']],
    ['demo-chat', ['completion', 'tools', 'vision', 'thinking']],
  ] as [string, ModelCapability[]][])('%s can do %p', (id, capabilities) => {
    expect(inferModelCapabilities({ id })).toEqual(capabilities)
  })
})

describe('inferModelCapabilities: from backend metadata', () => {
  test('takes tools, reasoning and image input from OpenRouter metadata', () => {
    const model: UpstreamModel = {
      id: 'vendor/some-model',
      supported_parameters: ['tools', 'reasoning', 'temperature'],
      architecture: { input_modalities: ['text', 'image'] },
    }
    expect(inferModelCapabilities(model)).toEqual(['completion', 'tools', 'vision', 'thinking'])
  })

  test('lets metadata override what the id suggests', () => {
    const model: UpstreamModel = {
      id: 'openai/gpt-5',
      supported_parameters: ['temperature'],
      architecture: { input_modalities: ['text'] },
    }
    expect(inferModelCapabilities(model)).toEqual(['completion'])
  })

  test('falls back to the id for what the metadata does not cover', () => {
    expect(inferModelCapabilities({ id: 'gpt-4o', supported_parameters: ['tools'] })).toEqual([
      'completion',
      'tools',
      'vision',
    ])
    expect(
      inferModelCapabilities({ id: 'qwen3-coder', architecture: { input_modalities: ['text'] } }),
    ).toEqual(['completion', 'tools', 'thinking', 'insert'])
  })

  test('still says embedding for an embedding id, whatever the metadata', () => {
    expect(
      inferModelCapabilities({
        id: 'openai/text-embedding-3-large',
        supported_parameters: ['tools'],
      }),
    ).toEqual(['embedding'])
  })
})
