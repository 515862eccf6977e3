/**
 * Ollama's /api/embed vector: cut to `dimensions` when asked, then scaled to unit length (L2). A zero
 * vector stays zero.
 */
export function normalizeEmbedding(vector: readonly number[], dimensions?: number): number[] {
  const kept =
    dimensions !== undefined && dimensions < vector.length ? vector.slice(0, dimensions) : vector
  let sumOfSquares = 0
  for (const value of kept) sumOfSquares += value * value
  if (sumOfSquares === 0) return [...kept]
  const scale = 1 / Math.sqrt(sumOfSquares)
  return kept.map((value) => value * scale)
}
