// Original file: proto/chatbot/ingest/v1/ingest.proto

import type { Document as _chatbot_ingest_v1_Document, Document__Output as _chatbot_ingest_v1_Document__Output } from '../../../chatbot/ingest/v1/Document';

export interface ListDocumentsResponse {
  'documents'?: (_chatbot_ingest_v1_Document)[];
  /**
   * Empty when there is no further page.
   */
  'next_cursor'?: (string);
}

export interface ListDocumentsResponse__Output {
  'documents': (_chatbot_ingest_v1_Document__Output)[];
  /**
   * Empty when there is no further page.
   */
  'next_cursor': (string);
}
