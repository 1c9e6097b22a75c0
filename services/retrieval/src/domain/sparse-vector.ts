/**
 * The keyword side of a chunk or a query as a sparse vector: term → weight, each term
 * named by a 32-bit hash so that Qdrant (whose sparse indices are u32) and the SQL store
 * hold the same numbers. Two terms that hash alike simply share a weight; among a
 * million distinct terms that happens to a few hundred rare ones and moves no ranking
 * measurably.
 */
export interface SparseVector {
  /** Distinct, ascending u32 term ids. */
  indices: number[];
  values: number[];
}

/** FNV-1a over the term's UTF-16 code units: fast, stable across processes and versions. */
export function termIdOf(term: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    hash ^= term.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Term weights to a sparse vector; weights of colliding terms add up. */
export function toSparseVector(weights: ReadonlyMap<string, number>): SparseVector {
  const byId = new Map<number, number>();
  for (const [term, weight] of weights) {
    if (weight <= 0) continue;
    const id = termIdOf(term);
    byId.set(id, (byId.get(id) ?? 0) + weight);
  }
  // A typed array sorts numerically without a comparator call per pair.
  const sorted = Uint32Array.from(byId.keys()).sort();
  const indices = Array.from(sorted);
  return { indices, values: indices.map((id) => byId.get(id)!) };
}
