import { documentFailure } from "./document-failure";
import { checkChunkCount, type DocumentLimits } from "./document-limits";
import { chunkDocument, type ChunkDraft, type ChunkingOptions } from "./korean-chunker";
import type { ParsedDocument } from "./parsed-document";

/** What indexing needs of a document's text: its chunks, and its page count for the registry. */
export interface DocumentChunks {
  pageCount: number;
  chunks: ChunkDraft[];
}

/** A parsed document's chunks; a document without any, or with more than the cap, fails. */
export function chunksOf(parsed: ParsedDocument, chunking: ChunkingOptions, limits: Pick<DocumentLimits, "maxChunks">): DocumentChunks {
  const chunks = chunkDocument(parsed, chunking);
  if (chunks.length === 0) throw documentFailure("empty_document", "The document contains no text");
  checkChunkCount(chunks.length, limits);
  return { pageCount: parsed.pageCount, chunks };
}
