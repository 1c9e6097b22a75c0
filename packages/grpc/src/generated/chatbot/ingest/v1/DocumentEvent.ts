// Original file: proto/chatbot/ingest/v1/ingest.proto

import type { Document as _chatbot_ingest_v1_Document, Document__Output as _chatbot_ingest_v1_Document__Output } from '../../../chatbot/ingest/v1/Document';

export interface DocumentEvent {
  /**
   * "document.queued" | "document.processing" | "document.progress" | "document.ready" | "document.failed"
   */
  'type'?: (string);
  'document'?: (_chatbot_ingest_v1_Document | null);
  /**
   * For document.progress: chunks indexed so far, of how many.
   */
  'chunks_done'?: (number);
  'chunks_total'?: (number);
}

export interface DocumentEvent__Output {
  /**
   * "document.queued" | "document.processing" | "document.progress" | "document.ready" | "document.failed"
   */
  'type': (string);
  'document': (_chatbot_ingest_v1_Document__Output | null);
  /**
   * For document.progress: chunks indexed so far, of how many.
   */
  'chunks_done': (number);
  'chunks_total': (number);
}
