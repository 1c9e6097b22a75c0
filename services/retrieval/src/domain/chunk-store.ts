import type { Chunk, EmbeddedChunk, LexicalDocument, ScoredChunk, SearchFilters } from "./chunk.types";

/**
 * Where chunks and their dense vectors live: PGlite with pgvector (embedded) or Qdrant.
 * Every method is scoped by tenant; a chunk is identified by (tenant, chunk id), so two
 * tenants never overwrite each other even with equal document ids.
 */
export interface ChunkStore {
  /** Shown on health checks: "pglite-pgvector", "qdrant". */
  readonly kind: string;
  /** Inserts or replaces chunks by id; replacing the same ids twice leaves one copy. */
  upsert(tenantId: string, chunks: readonly EmbeddedChunk[], signal?: AbortSignal): Promise<void>;
  /** Removes a document's chunks; answers how many there were. */
  deleteDocument(tenantId: string, documentId: string, signal?: AbortSignal): Promise<number>;
  /** Nearest chunks by cosine similarity (score: higher is closer), best first. */
  searchDense(
    tenantId: string,
    vector: readonly number[],
    limit: number,
    filters: SearchFilters,
    signal?: AbortSignal,
  ): Promise<ScoredChunk[]>;
  /** The chunks with these ids that exist, in any order. */
  getChunks(tenantId: string, chunkIds: readonly string[], signal?: AbortSignal): Promise<Chunk[]>;
  countChunks(tenantId: string, documentId?: string, signal?: AbortSignal): Promise<number>;
  /** Every chunk of every tenant, page by page: the in-process lexical index is rebuilt from it at start. */
  scanLexical(pageSize: number, signal?: AbortSignal): AsyncIterable<{ tenantId: string; documents: LexicalDocument[] }>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
