/**
 * Reciprocal rank fusion as Qdrant computes it (`rrf` with k = 60): each ranked list adds
 * 1 / (k + position) to an item, position counted from 0, so only ranks matter and
 * BM25 scores never have to be made comparable to cosines. Stores that cannot fuse
 * inside one request use this, so every store ranks alike.
 */
export const RRF_K = 60;

export function fuseRanks(lists: readonly (readonly string[])[], k = RRF_K): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const ids of lists) ids.forEach((id, position) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + position)));
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
