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

/** A chunk with its dense vector, as the chunk store keeps it. */
export interface EmbeddedChunk extends Chunk {
  embedding: number[];
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

/** What the lexical index needs of a chunk: identity, filter fields and the words. */
export interface LexicalDocument {
  chunkId: string;
  documentId: string;
  source: string;
  /** Title and text, the fields BM25 scores. */
  text: string;
}

export interface LexicalHit {
  chunkId: string;
  score: number;
}

/** Title and text as one field: titles carry the topic a passage never repeats. */
export function indexedText(chunk: Pick<Chunk, "title" | "text">): string {
  return chunk.title ? `${chunk.title}\n${chunk.text}` : chunk.text;
}
