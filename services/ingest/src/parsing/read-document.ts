import { chunksOf, type DocumentChunks } from "../domain/document-chunks";
import type { DocumentLimits } from "../domain/document-limits";
import type { MediaType } from "../domain/document.types";
import type { ChunkingOptions } from "../domain/korean-chunker";
import { parseDocument } from "./parse-document";

export interface ReadOptions {
  limits: DocumentLimits;
  chunking: ChunkingOptions;
}

/** No caps: for callers that read documents they made themselves. */
export const UNLIMITED: DocumentLimits = {
  maxPages: Infinity,
  maxChars: Infinity,
  maxChunks: Infinity,
  maxUnpackedBytes: Infinity,
  maxArchiveEntries: Infinity,
};

/**
 * A stored document's chunks: parsed by its media type, then chunked. Runs on the calling
 * thread; the service reads through worker threads (worker-reader.ts) instead.
 */
export async function readDocument(content: Buffer, mediaType: MediaType, options: ReadOptions): Promise<DocumentChunks> {
  return chunksOf(await parseDocument(content, mediaType, options.limits), options.chunking, options.limits);
}
