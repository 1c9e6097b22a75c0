import type { retrievalV1 } from "@chatbot/grpc";
import type { SearchResult } from "../domain/retrieval.service";

export function toProtoResult({ chunk, score }: SearchResult): retrievalV1.SearchResult {
  return {
    chunk_id: chunk.chunkId,
    document_id: chunk.documentId,
    title: chunk.title,
    page: chunk.page,
    chunk_index: chunk.chunkIndex,
    section: chunk.section,
    source: chunk.source,
    text: chunk.text,
    score,
    metadata_json: JSON.stringify(chunk.metadata),
  };
}
