import type { IndexedChunk, ScoredChunk, SearchFilters } from "./chunk.types";
import type { SparseVector } from "./sparse-vector";

/** One search as the store runs it, in a single request to the store. */
export interface StoreQuery {
  /** Query term weights; the store multiplies each by the term's IDF over every stored chunk. */
  keywords: SparseVector;
  /** The query's embedding when the dense side is on: both rankings are fused by reciprocal rank. */
  embedding?: readonly number[];
  limit: number;
  /** Hits taken from each ranking before fusing (at least `limit`). */
  candidates: number;
  filters: SearchFilters;
}

/**
 * Where chunks, their keyword vectors and their embeddings live, and where both are
 * searched: Qdrant (distributed) or SQL (embedded PGlite). The retrieval process holds
 * nothing about the corpus, so any number of replicas answer alike right after a write.
 * Every method is scoped by tenant; a chunk is identified by (tenant, chunk id).
 */
export interface ChunkStore {
  /** Shown on health checks: "pglite", "qdrant". */
  readonly kind: string;
  /** Inserts or replaces chunks by id; replacing the same ids twice leaves one copy. */
  upsert(tenantId: string, chunks: readonly IndexedChunk[], signal?: AbortSignal): Promise<void>;
  /** Removes a document's chunks; answers how many there were. */
  deleteDocument(tenantId: string, documentId: string, signal?: AbortSignal): Promise<number>;
  /**
   * Best first. Keyword score: Σ query weight × IDF × chunk weight over shared terms;
   * with an embedding, the keyword and cosine rankings fused by reciprocal rank (k = 60).
   */
  search(tenantId: string, query: StoreQuery, signal?: AbortSignal): Promise<ScoredChunk[]>;
  countChunks(tenantId: string, documentId?: string, signal?: AbortSignal): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
