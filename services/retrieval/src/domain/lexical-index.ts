import type { LexicalDocument, LexicalHit, SearchFilters } from "./chunk.types";

/**
 * Korean-aware keyword index (BM25 over character n-grams), kept beside the chunk store.
 * Callers write to the chunk store first and to this index second, so a failed store
 * write never leaves the index ahead of the data.
 */
export interface LexicalIndex {
  /** Adds or replaces documents by chunk id. */
  upsert(tenantId: string, documents: readonly LexicalDocument[]): void;
  deleteDocument(tenantId: string, documentId: string): void;
  /** Best first; only chunks that share at least one term with the query. */
  search(tenantId: string, query: string, limit: number, filters: SearchFilters): LexicalHit[];
  /** Chunks indexed for a tenant. */
  size(tenantId: string): number;
}
