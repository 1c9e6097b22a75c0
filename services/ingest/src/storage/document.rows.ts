import type { DocumentRecord, DocumentStatus, MediaType } from "../domain/document.types";

/** A registry row as both drivers return it (bigint may come back as a string). */
export interface DocumentRow {
  id: string;
  tenant_id: string;
  filename: string;
  title: string;
  media_type: string;
  status: string;
  pages: number;
  chunks: number;
  error_code: string;
  error_message: string;
  sha256: string;
  size_bytes: number | string | bigint;
  metadata: Record<string, unknown> | string;
  source: string;
  attempts: number;
  created_at: Date | string;
  updated_at: Date | string;
}

export const DOCUMENT_COLUMNS = `id, tenant_id, filename, title, media_type, status, pages, chunks, error_code,
  error_message, sha256, size_bytes, metadata, source, attempts, created_at, updated_at`;

export function toDocumentRecord(row: DocumentRow): DocumentRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    filename: row.filename,
    title: row.title,
    mediaType: row.media_type as MediaType,
    status: row.status as DocumentStatus,
    pages: Number(row.pages),
    chunks: Number(row.chunks),
    errorCode: row.error_code,
    errorMessage: row.error_message,
    sha256: row.sha256,
    sizeBytes: Number(row.size_bytes),
    metadata: typeof row.metadata === "string" ? (JSON.parse(row.metadata) as Record<string, unknown>) : row.metadata,
    source: row.source,
    attempts: Number(row.attempts),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
