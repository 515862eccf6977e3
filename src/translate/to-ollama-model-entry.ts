import { createHash } from 'node:crypto'
import type { ModelEntry } from '../ollama/schemas.ts'
import type { UpstreamModel } from '../upstream/upstream.ts'
import { inferModelFamily } from './infer-model-family.ts'
import { toOllamaModelName } from './to-ollama-model-name.ts'

/**
 * An upstream model as an /api/tags entry, under `listedAs` (its id, a prefixed name, an alias).
 * The digest is the sha256 of that name (the Ollama CLI cuts 12 characters from it); the family
 * comes from the model's own id; `modified_at` is the model's creation time, else `fallbackTime`.
 */
export function toOllamaModelEntry(
  model: UpstreamModel,
  fallbackTime: Date,
  listedAs = model.id,
): ModelEntry {
  const name = toOllamaModelName(listedAs)
  const family = inferModelFamily(model.id)
  const modifiedAt = model.created ? new Date(model.created * 1000) : fallbackTime
  return {
    name,
    model: name,
    modified_at: modifiedAt.toISOString(),
    size: 0,
    digest: createHash('sha256').update(listedAs).digest('hex'),
    details: {
      parent_model: '',
      format: 'gguf',
      family,
      families: [family],
      parameter_size: '',
      quantization_level: '',
    },
  }
}
