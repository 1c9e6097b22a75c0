import type { EmbeddingProvider } from "../domain/embedding-provider";
import { scriptRuns } from "../domain/korean-tokenizer";

export interface LocalEmbeddingOptions {
  dimensions: number;
}

export const LOCAL_EMBEDDING_MODEL = "local-hashed-ngrams-v1";

/**
 * A model-free embedding: character n-gram features hashed into a fixed number of
 * dimensions ("feature hashing"), log-scaled term frequency, L2-normalised, so cosine
 * similarity measures n-gram overlap. It complements the BM25 side rather than
 * duplicating it: trigrams and whole words reward longer exact phrases, and cosine
 * normalises for chunk length differently from BM25. Deterministic and fast (no I/O).
 */
export function createLocalEmbeddingProvider(options: LocalEmbeddingOptions): EmbeddingProvider {
  const { dimensions } = options;
  return {
    model: LOCAL_EMBEDDING_MODEL,
    dimensions,
    maxBatchSize: 256,
    async embed(texts, signal) {
      signal?.throwIfAborted();
      return texts.map((text) => embedText(text, dimensions));
    },
  };
}

/** Feature name → weight before hashing. */
export function localFeatures(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
  for (const run of scriptRuns(text)) {
    add(`w:${run}`);
    if (run.length < 2 || !/^[\uAC00-\uD7A3\u3400-\u9FFF]/.test(run)) continue;
    for (let i = 0; i + 1 < run.length; i++) add(`2:${run.slice(i, i + 2)}`);
    for (let i = 0; i + 2 < run.length; i++) add(`3:${run.slice(i, i + 3)}`);
  }
  return counts;
}

export function embedText(text: string, dimensions: number): number[] {
  const vector = new Float64Array(dimensions);
  for (const [feature, count] of localFeatures(text)) {
    const hash = fnv1a(feature);
    // The high bit picks the sign so that colliding features cancel out on average.
    const sign = hash & 0x80000000 ? -1 : 1;
    vector[(hash & 0x7fffffff) % dimensions]! += sign * (1 + Math.log(count));
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  return Array.from(vector, (value) => (norm === 0 ? 0 : value / norm));
}

/** 32-bit FNV-1a over UTF-16 code units: stable across runs and platforms. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
