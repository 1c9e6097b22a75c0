// Original file: proto/chatbot/retrieval/v1/retrieval.proto


export interface DeleteDocumentRequest {
  'tenant_id'?: (string);
  'document_id'?: (string);
}

export interface DeleteDocumentRequest__Output {
  'tenant_id': (string);
  'document_id': (string);
}
