// Original file: proto/chatbot/ingest/v1/ingest.proto


export interface CountReadyDocumentsRequest {
  'tenant_id'?: (string);
}

export interface CountReadyDocumentsRequest__Output {
  'tenant_id': (string);
}
