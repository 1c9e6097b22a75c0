import type { ChunkFields } from "@chatbot/grpc";
import type { SparseVector } from "./sparse-vector";

/**
 * A chunk as a caller sends it: the fields of retrieval.v1.Chunk (page 1-based, 0 when the
 * document has no pages; `chunkId` "" meaning derived; `metadataJson` "" meaning {}).
 */
export type ChunkDraft = ChunkFields;

/** A piece of a document as the store keeps it and search returns it: a draft, checked, its metadata parsed. */
export type Chunk = Omit<ChunkFields, "metadataJson"> & { metadata: Record<string, unknown> };

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
