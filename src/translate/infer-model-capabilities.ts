import type { UpstreamModel } from '../upstream/upstream.ts'

export type ModelCapability =
  | 'completion'
  | 'tools'
  | 'vision'
  | 'thinking'
  | 'embedding'
  | 'insert'

const embeddingPattern = /embed|(^|[/-])(bge|e5|gte)-|minilm/
const visionPattern =
  /gpt-4o|gpt-4\.1|gpt-4-turbo|gpt-5|(^|\/)o[134](-|$)|vision|-vl\b|llava|claude|gemini|pixtral|gemma-3|llama-4|demo-chat/
const thinkingPattern =
  /(^|\/)o[1-9](-|$)|gpt-5|gpt-oss|reasoner|-r1\b|qwq|qwen3|think|magistral|demo-chat/
const insertPattern = /coder|codestral|starcoder|codegemma|codellama/
const noToolsPattern = /gpt-3\.5-turbo-instruct|davinci|babbage|whisper|tts|dall-e|moderation/

/**
 * What an upstream model can do, in Ollama's capability words. Backend metadata wins where it
 * exists (OpenRouter's `supported_parameters` and input modalities); otherwise the id is matched
 * against well-known model names.
 */
export function inferModelCapabilities(model: UpstreamModel): ModelCapability[] {
  const id = model.id.toLowerCase()
  if (embeddingPattern.test(id)) return ['embedding']
  const parameters = model.supported_parameters
  const modalities = model.architecture?.input_modalities
  const capabilities: ModelCapability[] = ['completion']
  if (parameters ? parameters.includes('tools') : !noToolsPattern.test(id))
    capabilities.push('tools')
  if (modalities ? modalities.includes('image') : visionPattern.test(id))
    capabilities.push('vision')
  if (parameters ? parameters.includes('reasoning') : thinkingPattern.test(id)) {
    capabilities.push('thinking')
  }
  if (insertPattern.test(id)) capabilities.push('insert')
  return capabilities
}
