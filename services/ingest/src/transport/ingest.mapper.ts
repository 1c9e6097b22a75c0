import type { ingestV1 } from "@chatbot/grpc";
import type { DocumentEvent, DocumentRecord } from "../domain/document.types";

export function toProtoDocument(document: DocumentRecord): ingestV1.Document {
  return {
    document_id: document.id,
    filename: document.filename,
    title: document.title,
    media_type: document.mediaType,
    status: document.status,
    pages: document.pages,
    chunks: document.chunks,
    error_code: document.errorCode,
    error_message: document.errorMessage,
    sha256: document.sha256,
    size_bytes: document.sizeBytes,
    created_at: document.createdAt.toISOString(),
    updated_at: document.updatedAt.toISOString(),
    metadata_json: JSON.stringify(document.metadata),
    source: document.source,
  };
}

export function toProtoEvent(event: DocumentEvent): ingestV1.DocumentEvent {
  return {
    type: event.type,
    document: toProtoDocument(event.document),
    chunks_done: event.chunksDone,
    chunks_total: event.chunksTotal,
  };
}
