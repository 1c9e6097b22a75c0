import { lexicalTerms, termFrequencies } from "./korean-tokenizer";

/**
 * What the keyword side indexes of a chunk and looks for in a query. The store only
 * multiplies a query term's weight, its IDF and the chunk's term weight and sums them;
 * everything else about BM25 is decided here, once, for every store.
 *
 * - k1 = 1.2, b = 0.75: the textbook BM25 values, not tuned.
 * - AVERAGE_TERMS: BM25 normalises a chunk's length by the corpus average; the store
 *   keeps no running statistics (that would be state every replica must share), so the
 *   average is a constant near a typical chunk's term count.
 */
export const BM25 = { k1: 1.2, b: 0.75 } as const;
export const AVERAGE_TERMS = 500;

/**
 * Title terms count this many times: a title names the topic its passages rarely repeat.
 */
export const TITLE_WEIGHT = 2;

/** BM25's saturated, length-normalised term frequency. */
export function saturatedFrequency(frequency: number, length: number): number {
  const { k1, b } = BM25;
  return (frequency * (k1 + 1)) / (frequency + k1 * (1 - b + (b * length) / AVERAGE_TERMS));
}

/** Term → weight of a chunk (title and text) on the keyword side. */
export function documentTermWeights(chunk: { title: string; text: string }): Map<string, number> {
  const counts = termFrequencies(lexicalTerms(chunk.text));
  for (const term of lexicalTerms(chunk.title)) counts.set(term, (counts.get(term) ?? 0) + TITLE_WEIGHT);
  let length = 0;
  for (const count of counts.values()) length += count;
  const weights = new Map<string, number>();
  for (const [term, count] of counts) weights.set(term, saturatedFrequency(count, length));
  return weights;
}

/** Term → weight of a query: each distinct term once. */
export function queryTermWeights(query: string): Map<string, number> {
  return new Map([...new Set(lexicalTerms(query))].map((term) => [term, 1]));
}
