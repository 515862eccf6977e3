import type { UpstreamModel } from '../upstream/upstream.ts'

/**
 * The upstream model a client's name means: its id, ignoring case, with or without the `:latest`
 * tag that /api/tags adds.
 */
export function findUpstreamModel(
  modelsById: ReadonlyMap<string, UpstreamModel>,
  name: string,
): UpstreamModel | undefined {
  const wanted = name.trim().toLowerCase()
  return modelsById.get(wanted) ?? modelsById.get(wanted.replace(/:latest$/, ''))
}

/** The index `findUpstreamModel` searches. */
export function indexModelsById(models: readonly UpstreamModel[]): Map<string, UpstreamModel> {
  return new Map(models.map((model) => [model.id.toLowerCase(), model]))
}
