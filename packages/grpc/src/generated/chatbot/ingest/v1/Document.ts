// Original file: proto/chatbot/ingest/v1/ingest.proto

import type { Long } from '@grpc/proto-loader';

export interface Document {
  'document_id'?: (string);
  'filename'?: (string);
  'title'?: (string);
  /**
   * Detected from the bytes: "application/pdf", "text/plain", "text/markdown", "text/html".
   */
  'media_type'?: (string);
  /**
   * "queued" | "processing" | "ready" | "failed"
   */
  'status'?: (string);
  'pages'?: (number);
  'chunks'?: (number);
  /**
   * Set when failed, e.g. "pdf_encrypted", "pdf_malformed", "no_text_layer", "empty_document".
   */
  'error_code'?: (string);
  'error_message'?: (string);
  'sha256'?: (string);
  'size_bytes'?: (number | string | Long);
  /**
   * RFC 3339.
   */
  'created_at'?: (string);
  'updated_at'?: (string);
  /**
   * A JSON object.
   */
  'metadata_json'?: (string);
  /**
   * Where it came from (the file name, or metadata.source for JSON documents); filterable in search.
   */
  'source'?: (string);
}

export interface Document__Output {
  'document_id': (string);
  'filename': (string);
  'title': (string);
  /**
   * Detected from the bytes: "application/pdf", "text/plain", "text/markdown", "text/html".
   */
  'media_type': (string);
  /**
   * "queued" | "processing" | "ready" | "failed"
   */
  'status': (string);
  'pages': (number);
  'chunks': (number);
  /**
   * Set when failed, e.g. "pdf_encrypted", "pdf_malformed", "no_text_layer", "empty_document".
   */
  'error_code': (string);
  'error_message': (string);
  'sha256': (string);
  'size_bytes': (number);
  /**
   * RFC 3339.
   */
  'created_at': (string);
  'updated_at': (string);
  /**
   * A JSON object.
   */
  'metadata_json': (string);
  /**
   * Where it came from (the file name, or metadata.source for JSON documents); filterable in search.
   */
  'source': (string);
}
