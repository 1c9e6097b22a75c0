import type { ingestV1 } from "@chatbot/grpc";

export function presentDocument(document: ingestV1.Document) {
  return {
    document_id: document.document_id,
    filename: document.filename || null,
    title: document.title,
    media_type: document.media_type,
    status: document.status,
    pages: document.pages,
    chunks: document.chunks,
    error: document.error_code ? { code: document.error_code, message: document.error_message } : null,
    source: document.source || null,
    size_bytes: document.size_bytes,
    sha256: document.sha256,
    metadata: document.metadata_json ? (JSON.parse(document.metadata_json) as Record<string, unknown>) : {},
    created_at: document.created_at,
    updated_at: document.updated_at,
  };
}
