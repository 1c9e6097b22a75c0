import type { Chunk } from "../domain/chunk.types";

/** A chunks row as the SQL store selects it. */
export interface ChunkRow {
  chunk_id: string;
  document_id: string;
  text: string;
  title: string;
  source: string;
  page: number;
  chunk_index: number;
  section: string;
  metadata: Record<string, unknown> | string;
}

export const CHUNK_COLUMNS = "chunk_id, document_id, text, title, source, page, chunk_index, section, metadata";

export function chunkFromRow(row: ChunkRow): Chunk {
  return {
    chunkId: row.chunk_id,
    documentId: row.document_id,
    text: row.text,
    title: row.title,
    source: row.source,
    page: Number(row.page),
    chunkIndex: Number(row.chunk_index),
    section: row.section,
    metadata: typeof row.metadata === "string" ? (JSON.parse(row.metadata) as Record<string, unknown>) : row.metadata,
  };
}
