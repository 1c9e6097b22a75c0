/**
 * Weighted reciprocal rank fusion: each ranked list adds weight / (k + rank) to an item,
 * so only ranks matter and BM25 scores never have to be made comparable to cosines.
 * The result is divided by the best possible sum, which puts scores in (0, 1].
 */
export interface RankedList {
  ids: readonly string[];
  weight: number;
}

export const RRF_K = 60;

export function fuseRanks(lists: readonly RankedList[], k = RRF_K): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  const best = lists.reduce((sum, list) => sum + list.weight / (k + 1), 0);
  for (const list of lists) {
    list.ids.forEach((id, index) => scores.set(id, (scores.get(id) ?? 0) + list.weight / (k + index + 1)));
  }
  return [...scores]
    .map(([id, score]) => ({ id, score: best > 0 ? score / best : 0 }))
    .sort((a, b) => b.score - a.score);
}
