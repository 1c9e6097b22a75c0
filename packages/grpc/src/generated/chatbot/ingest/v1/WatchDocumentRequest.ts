// Original file: proto/chatbot/ingest/v1/ingest.proto


export interface WatchDocumentRequest {
  'tenant_id'?: (string);
  'document_id'?: (string);
}

export interface WatchDocumentRequest__Output {
  'tenant_id': (string);
  'document_id': (string);
}
