/**
 * BM25's term-frequency saturation, shared by every keyword ranking (document chunks in
 * retrieval, conversations in session). k1 = 1.2, b = 0.75: the textbook values, not tuned.
 */
export const BM25 = { k1: 1.2, b: 0.75 } as const;

/** BM25's saturated, length-normalised term frequency. */
export function saturatedFrequency(frequency: number, length: number, averageLength: number): number {
  const { k1, b } = BM25;
  return (frequency * (k1 + 1)) / (frequency + k1 * (1 - b + (b * length) / averageLength));
}

/**
 * BM25's inverse document frequency, in the form Qdrant's `idf` modifier computes it
 * (ln(1 + (N − n + 0.5) / (n + 0.5))), so both stores rank alike. N is the number of
 * documents (chunks, conversations) searched over, n those holding the term.
 */
export function inverseDocumentFrequency(documents: number, withTerm: number): number {
  const n = Math.min(withTerm, documents);
  return Math.log(1 + (documents - n + 0.5) / (n + 0.5));
}
