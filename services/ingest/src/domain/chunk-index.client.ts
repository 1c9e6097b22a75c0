import { UPSERT_CHUNKS_MAX } from "@chatbot/core";
import type { ChunkFields } from "@chatbot/grpc";

/**
 * A chunk as the retrieval index takes it (retrieval.v1.Chunk). Its `chunkId` is
 * `<document_id>#<chunk_index>`: re-ingesting a document overwrites instead of adding.
 */
export type IndexedChunk = ChunkFields;

/** Where chunks go: the retrieval service. Its failures are AppErrors (unavailable ones are retryable). */
export interface ChunkIndexClient {
  /** At most `MAX_UPSERT_BATCH` chunks per call. */
  upsertChunks(tenantId: string, chunks: IndexedChunk[], signal?: AbortSignal): Promise<void>;
  deleteDocument(tenantId: string, documentId: string, signal?: AbortSignal): Promise<number>;
  countChunks(tenantId: string, documentId: string, signal?: AbortSignal): Promise<number>;
  close(): void;
}

/** The retrieval API's limit on chunks per UpsertChunks call. */
export const MAX_UPSERT_BATCH = UPSERT_CHUNKS_MAX;
