// Original file: proto/chatbot/ingest/v1/ingest.proto


export interface RetryDocumentRequest {
  'tenant_id'?: (string);
  'document_id'?: (string);
}

export interface RetryDocumentRequest__Output {
  'tenant_id': (string);
  'document_id': (string);
}
