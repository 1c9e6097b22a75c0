// Original file: proto/chatbot/retrieval/v1/retrieval.proto


export interface DeleteDocumentResponse {
  'deleted'?: (number);
}

export interface DeleteDocumentResponse__Output {
  'deleted': (number);
}
