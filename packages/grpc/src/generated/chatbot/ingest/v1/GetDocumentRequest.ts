// Original file: proto/chatbot/ingest/v1/ingest.proto


export interface GetDocumentRequest {
  'tenant_id'?: (string);
  'document_id'?: (string);
}

export interface GetDocumentRequest__Output {
  'tenant_id': (string);
  'document_id': (string);
}
