// Original file: proto/chatbot/ingest/v1/ingest.proto


export interface DeleteDocumentResponse {
}

export interface DeleteDocumentResponse__Output {
}
