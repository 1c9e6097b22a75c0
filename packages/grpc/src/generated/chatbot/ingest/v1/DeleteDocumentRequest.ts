// Original file: proto/chatbot/ingest/v1/ingest.proto


export interface DeleteDocumentRequest {
  'tenant_id'?: (string);
  'document_id'?: (string);
}

export interface DeleteDocumentRequest__Output {
  'tenant_id': (string);
  'document_id': (string);
}
