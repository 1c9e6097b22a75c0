import type { SparseVector } from "./sparse-vector";

/** A piece of a document as callers send it and search returns it. */
export interface Chunk {
  chunkId: string;
  documentId: string;
  text: string;
  title: string;
  source: string;
  /** 1-based; 0 when the document has no pages. */
  page: number;
  chunkIndex: number;
  section: string;
  metadata: Record<string, unknown>;
}

/**
 * A chunk as the store keeps it: its keyword side (term weights from the Korean
 * analysis) and, when the dense side is on, its embedding.
 */
export interface IndexedChunk extends Chunk {
  keywords: SparseVector;
  embedding?: number[];
}

/** Empty lists mean no restriction; several entries mean any of them. */
export interface SearchFilters {
  documentIds: readonly string[];
  sources: readonly string[];
}

export const NO_FILTERS: SearchFilters = { documentIds: [], sources: [] };

export interface ScoredChunk {
  chunk: Chunk;
  score: number;
}
