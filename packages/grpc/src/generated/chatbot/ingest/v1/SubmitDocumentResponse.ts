// Original file: proto/chatbot/ingest/v1/ingest.proto

import type { Document as _chatbot_ingest_v1_Document, Document__Output as _chatbot_ingest_v1_Document__Output } from '../../../chatbot/ingest/v1/Document';

export interface SubmitDocumentResponse {
  'document'?: (_chatbot_ingest_v1_Document | null);
  /**
   * False when the same bytes were already registered for this tenant.
   */
  'created'?: (boolean);
}

export interface SubmitDocumentResponse__Output {
  'document': (_chatbot_ingest_v1_Document__Output | null);
  /**
   * False when the same bytes were already registered for this tenant.
   */
  'created': (boolean);
}
